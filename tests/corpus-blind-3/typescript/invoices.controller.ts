import { BadRequestException, Body, Controller, Get, Injectable, Logger, Param, Post, Query, Req, Res, ValidationPipe } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import type { Request, Response } from 'express';
import * as fs from 'node:fs/promises';
import * as nodePath from 'node:path';
import escapeHtml from 'escape-html';
import * as he from 'he';
import { Type } from 'class-transformer';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { Invoice } from './invoice.entity';

const SORTABLE = new Set(['created_at', 'amount', 'due_date']);
const EXPORT_ROOT = '/srv/billing/exports';
const VERBOSE_ERRORS = false;
const LANGS = ['en', 'de', 'fr'];

export class ListInvoicesDto {
  @IsIn(['draft', 'sent', 'paid', 'void'])
  status!: string;

  @Type(() => Number) @IsInt() @Min(1) @Max(200)
  limit!: number;
}

function oneLine(v: string): string {
  return String(v).replace(/[\r\n\u2028\u2029]+/g, ' ');
}

@Injectable()
export class InvoiceService {
  constructor(
    @InjectRepository(Invoice) private readonly invoices: Repository<Invoice>,
    private readonly ds: DataSource,
  ) {}

  async list(dto: ListInvoicesDto) {
    // ok: sql-injection
    return this.ds.query(`SELECT id, amount FROM invoices WHERE status = '${dto.status}' LIMIT ${dto.limit}`);
  }

  async byCustomer(customer: string) {
    const qb = this.invoices.createQueryBuilder('i');
    // ruleid: sql-injection
    qb.where(`i.customer_ref = '${customer}'`);
    return qb.getMany();
  }

  async byCustomerSafe(customer: string) {
    const qb = this.invoices.createQueryBuilder('i');
    // ok: sql-injection
    qb.where('i.customer_ref = :ref', { ref: customer });
    return qb.getMany();
  }

  async sorted(column: string, dir: string) {
    const col = SORTABLE.has(column) ? column : 'created_at';
    const direction = dir === 'asc' ? 'ASC' : 'DESC';
    // ok: sql-injection
    return this.ds.query(`SELECT id, amount, status FROM invoices ORDER BY ${col} ${direction} LIMIT 50`);
  }

  async search(term: string) {
    const parts = ['SELECT id, memo FROM invoices WHERE memo ILIKE', `'%${term}%'`];
    // ruleid: sql-injection
    return this.ds.query(parts.join(' '));
  }

  async totals(filter: { year: string; region: string }) {
    const { year, region } = filter;
    const y = Number(year);
    if (Number.isNaN(y)) throw new BadRequestException('year');
    // ruleid: sql-injection
    return this.ds.query(`SELECT SUM(amount) AS total FROM invoices WHERE EXTRACT(YEAR FROM created_at) = ${y} AND region = '${region}'`);
  }

  async reconcile(ids: string[]) {
    // ok: sql-injection
    return this.ds.query('UPDATE invoices SET reconciled = true WHERE id = ANY($1) RETURNING id', [ids]);
  }

  async importRows(rows: unknown[]) {
    const entities = this.invoices.create(rows as Partial<Invoice>[]);
    await this.invoices.save(entities);
    return entities.length;
  }

  async renderPdf(): Promise<Buffer> {
    return fs.readFile(nodePath.join(EXPORT_ROOT, 'templates', 'blank.pdf'));
  }
}

@Controller('invoices')
export class InvoiceController {
  private readonly log = new Logger('InvoiceController');

  constructor(private readonly svc: InvoiceService) {}

  @Get()
  list(@Query(new ValidationPipe({ transform: true })) dto: ListInvoicesDto) {
    // ok: log-injection
    this.log.log(`list status=${dto.status} limit=${dto.limit}`);
    return this.svc.list(dto);
  }

  @Get('by-customer')
  async byCustomer(@Query('customer') customer: string, @Query('strict') strict: string, @Req() req: Request) {
    // ruleid: log-injection
    this.log.log(`lookup invoices for customer ${customer}`);
    // ok: log-injection
    this.log.debug(`lookup agent=${oneLine(req.headers['user-agent'] ?? '-')}`);
    return strict === '1' ? this.svc.byCustomerSafe(customer) : this.svc.byCustomer(customer);
  }

  @Get('sorted')
  sorted(@Query('sort') sort: string, @Query('dir') dir: string) {
    return this.svc.sorted(sort, dir);
  }

  @Get('search')
  search(@Query('q') q: string, @Req() req: Request) {
    // ruleid: log-injection
    this.log.verbose('search from ' + req.get('referer') + ' q=' + q);
    return this.svc.search(q);
  }

  @Get('totals')
  totals(@Query() filter: { year: string; region: string }) {
    return this.svc.totals(filter);
  }

  @Get('exports/:file')
  async exportFile(@Param('file') file: string, @Res() res: Response) {
    const target = nodePath.join(EXPORT_ROOT, file);
    // ruleid: path-traversal
    const data = await fs.readFile(target);
    res.type('application/pdf').send(data);
  }

  @Get('archive/:file')
  async archiveFile(@Param('file') file: string, @Res() res: Response) {
    const name = nodePath.basename(file);
    // ok: path-traversal
    const data = await fs.readFile(nodePath.join(EXPORT_ROOT, 'archive', name));
    res.type('application/pdf').send(data);
  }

  @Get('tenant-export')
  tenantExport(@Query('path') p: string, @Res() res: Response) {
    const base = nodePath.resolve(EXPORT_ROOT, 'tenants');
    const full = nodePath.resolve(base, p);
    if (!full.startsWith(base)) {
      throw new BadRequestException('bad path');
    }
    // ruleid: path-traversal
    res.sendFile(full);
  }

  @Get('shared')
  shared(@Query('path') p: string, @Res() res: Response) {
    const base = nodePath.resolve(EXPORT_ROOT, 'shared');
    const full = nodePath.resolve(base, p);
    if (!full.startsWith(base + nodePath.sep)) {
      throw new BadRequestException('bad path');
    }
    // ok: path-traversal
    res.sendFile(full);
  }

  @Get(':id/preview')
  preview(@Param('id') id: string, @Query('title') title: string, @Res() res: Response) {
    const heading = `<h1>${title}</h1>`;
    // ruleid: cross-site-scripting
    res.type('html').send(`<html><body>${heading}<p>Invoice ${escapeHtml(id)}</p></body></html>`);
  }

  @Get(':id/summary')
  summary(@Param('id') id: string, @Query('title') title: string, @Res() res: Response) {
    const safe = { t: escapeHtml(title), i: he.encode(id) };
    // ok: cross-site-scripting
    res.type('html').send(`<html><body><h1>${safe.t}</h1><p>Invoice ${safe.i}</p></body></html>`);
  }

  @Get(':id/missing')
  missing(@Param('id') id: string, @Res() res: Response) {
    // ruleid: cross-site-scripting
    res.status(404).send('<p>No invoice found with reference ' + id + '</p>');
  }

  @Get('continue')
  next(@Query('next') next: string, @Res() res: Response) {
    if (next && next.startsWith('/') && !next.startsWith('//') && !next.includes('\\')) {
      // ok: open-redirect
      return res.redirect(next);
    }
    // ok: open-redirect
    return res.redirect('/invoices?notice=' + encodeURIComponent(next ?? ''));
  }

  @Get('pay')
  pay(@Query('return_to') returnTo: string, @Res() res: Response) {
    const u = new URL(returnTo);
    if (!u.hostname.endsWith('billing.example.com')) {
      throw new BadRequestException('bad host');
    }
    // ruleid: open-redirect
    return res.redirect(302, u.toString());
  }

  @Get('download')
  async download(@Query('name') name: string, @Query('lang') lang: string, @Query('ref') ref: string, @Res() res: Response) {
    const data = await this.svc.renderPdf();
    // ruleid: header-injection
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    // ok: header-injection
    res.setHeader('Content-Language', LANGS.includes(lang) ? lang : 'en');
    // ruleid: header-injection
    res.set('X-Invoice-Ref', ref);
    res.send(data);
  }

  @Post('import')
  async import(@Body() body: { rows: unknown[] }, @Res() res: Response) {
    try {
      const n = await this.svc.importRows(body.rows);
      res.json({ imported: n });
    } catch (e) {
      const err = e as Error;
      this.log.error('import failed', err.stack);
      if (VERBOSE_ERRORS) {
        // ok: stack-trace-exposure
        res.status(500).json({ error: err.message, stack: err.stack });
        return;
      }
      // ok: stack-trace-exposure
      res.status(500).json({ error: 'import failed' });
    }
  }

  @Post('reconcile')
  async reconcile(@Body() body: { ids: string[] }, @Res() res: Response) {
    try {
      res.json(await this.svc.reconcile(body.ids));
    } catch (e: any) {
      // ruleid: stack-trace-exposure
      res.status(500).send({ message: 'reconcile failed', detail: e.stack });
    }
  }
}
