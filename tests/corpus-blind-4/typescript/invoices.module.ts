import {
  Body,
  Controller,
  Get,
  Headers,
  HttpException,
  HttpStatus,
  Injectable,
  Logger,
  Param,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { PrismaClient } from '@prisma/client';
import type { Response } from 'express';
import * as cp from 'node:child_process';
import { promisify } from 'node:util';
import * as path from 'node:path';
import { promises as fsp } from 'node:fs';
import * as crypto from 'node:crypto';
import * as jwt from 'jsonwebtoken';
import escapeHtml from 'escape-html';
import { Invoice } from './invoice.entity';

const execAsync = promisify(cp.exec);

const PDF_ROOT = '/srv/billing/pdf';
const SORT_COLUMNS = new Set(['created_at', 'amount', 'due_date']);
const INVOICE_NO = /^INV-\d{6}$/;
const VERBOSE_ERRORS = false;

interface ShareRequest {
  invoiceNo: string;
  recipient?: string;
}

@Injectable()
export class InvoiceService {
  private readonly prisma = new PrismaClient();

  constructor(
    @InjectRepository(Invoice) private readonly repo: Repository<Invoice>,
    private readonly ds: DataSource,
  ) {}

  async byCustomer(customerId: string, status?: string): Promise<Invoice[]> {
    const qb = this.repo.createQueryBuilder('inv');
    // ok: sql-injection
    qb.where('inv.customer_id = :cid', { cid: customerId });
    if (status) {
      // ruleid: sql-injection
      qb.andWhere(`inv.status = '${status}'`);
    }
    return qb.orderBy('inv.created_at', 'DESC').getMany();
  }

  sorted(column: string, dir: string) {
    const col = SORT_COLUMNS.has(column) ? column : 'created_at';
    const direction = dir === 'asc' ? 'ASC' : 'DESC';
    // ok: sql-injection
    return this.ds.query(`SELECT id, number, amount FROM invoices ORDER BY ${col} ${direction} LIMIT 100`);
  }

  search(term: string) {
    const sql = "SELECT id, number, amount FROM invoices WHERE memo ILIKE '%" + term + "%'";
    // ruleid: sql-injection
    return this.prisma.$queryRawUnsafe(sql);
  }

  totalsFor(year: string) {
    // ok: sql-injection
    return this.prisma.$queryRaw`SELECT SUM(amount) AS total FROM invoices WHERE EXTRACT(YEAR FROM issued_at) = ${year}`;
  }

  overdue(days: string) {
    // ok: sql-injection
    return this.prisma.$queryRawUnsafe("SELECT id FROM invoices WHERE due_date < now() - ($1 || ' days')::interval", days);
  }

  byExternalRef(ref: string) {
    const m = this.ds.manager;
    // ruleid: sql-injection
    return m.query(`SELECT * FROM invoices WHERE external_ref = '${ref}'`);
  }

  byId(id: string) {
    // ok: sql-injection
    return this.repo.query('SELECT * FROM invoices WHERE id = $1', [id]);
  }

  async render(invoiceNo: string, layout: string): Promise<string> {
    if (!INVOICE_NO.test(invoiceNo)) {
      throw new HttpException('bad invoice number', HttpStatus.BAD_REQUEST);
    }
    const out = path.join(PDF_ROOT, `${invoiceNo}.pdf`);
    const tpl = layout === 'compact' ? 'compact.html' : 'full.html';
    // ok: os-command-injection
    cp.execFileSync('/usr/bin/wkhtmltopdf', ['--quiet', tpl, out]);
    return out;
  }

  async stamp(file: string, watermark: string): Promise<void> {
    // ruleid: os-command-injection
    await execAsync(`qpdf --overlay ${watermark} -- ${file} ${file}.stamped`);
  }

  archive(customer: string) {
    const args = ['-czf', `/tmp/${customer}.tgz`, `${PDF_ROOT}/${customer}`];
    // ruleid: os-command-injection
    return cp.spawn('tar', args, { shell: true });
  }
}

@Controller('invoices')
export class InvoiceController {
  private readonly logger = new Logger(InvoiceController.name);

  constructor(private readonly invoices: InvoiceService) {}

  @Get()
  list(@Query('customer') customer: string, @Query('status') status?: string) {
    return this.invoices.byCustomer(customer, status);
  }

  @Get('search')
  search(@Query('q') q: string) {
    return this.invoices.search(q);
  }

  @Get(':no/pdf')
  async pdf(@Param('no') no: string, @Res() res: Response) {
    const full = path.resolve(PDF_ROOT, no);
    if (!full.startsWith(PDF_ROOT + path.sep)) {
      return res.status(400).end();
    }
    // ok: path-traversal
    return res.sendFile(full);
  }

  @Get('attachments/:name')
  async attachment(@Param('name') name: string, @Res() res: Response) {
    // ruleid: path-traversal
    const buf = await fsp.readFile(path.join(PDF_ROOT, 'attachments', name));
    const etag = crypto.createHash('md5').update(buf).digest('hex');
    // ok: insecure-hashing
    res.setHeader('ETag', `"${etag}"`);
    // ruleid: header-injection
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    res.end(buf);
  }

  @Get('attachments/:name/inline')
  async inline(@Param('name') name: string, @Res() res: Response) {
    const safeName = path.basename(name);
    // ok: path-traversal
    const buf = await fsp.readFile(path.join(PDF_ROOT, 'attachments', safeName));
    // ok: header-injection
    res.setHeader('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(safeName)}`);
    res.end(buf);
  }

  @Get('export')
  async exportFile(@Query('file') file: string, @Res() res: Response) {
    if (file.includes('..')) {
      return res.status(400).send('invalid file');
    }
    const target = path.join(PDF_ROOT, 'exports', decodeURIComponent(file));
    // ruleid: path-traversal
    return res.download(target);
  }

  @Get(':no/preview')
  async preview(@Param('no') no: string, @Query('note') note: string, @Res() res: Response) {
    const safeNo = INVOICE_NO.test(no) ? no : 'unknown';
    res.type('html');
    // ok: cross-site-scripting
    res.write(`<h1>Invoice ${safeNo}</h1><p>${escapeHtml(note ?? '')}</p>`);
    // ruleid: cross-site-scripting
    res.write(`<footer>Printed for ${note}</footer>`);
    res.end();
  }

  @Post('share')
  share(@Body() body: ShareRequest, @Headers('x-tenant') tenant: string) {
    // ruleid: log-injection
    this.logger.log(`share requested for ${body.invoiceNo} by tenant ${tenant}`);
    const clean = String(body.recipient ?? '').replace(/[\r\n\t]/g, ' ');
    // ok: log-injection
    this.logger.log(`share recipient: ${clean}`);

    // ruleid: hardcoded-credentials
    const token = jwt.sign({ inv: body.invoiceNo, t: tenant }, 'b1ll1ng-share-k3y-2021', { expiresIn: '1h' });
    // ok: hardcoded-credentials
    const internal = jwt.sign({ inv: body.invoiceNo }, process.env.SHARE_SIGNING_KEY as string, { expiresIn: '5m' });

    // ruleid: weak-random-number-generation
    const pin = Math.floor(100000 + Math.random() * 900000).toString();
    // ok: weak-random-number-generation
    const nonce = crypto.randomBytes(16).toString('hex');

    // ruleid: insecure-hashing
    const legacySig = crypto.createHash('sha1').update(`${process.env.SHARE_SALT}:${body.invoiceNo}`).digest('hex');
    // ok: insecure-hashing
    const sig = crypto.createHmac('sha256', process.env.SHARE_SIGNING_KEY as string).update(body.invoiceNo).digest('hex');

    return { token, internal, pin, nonce, legacySig, sig };
  }

  @Post(':no/render')
  async render(@Param('no') no: string, @Body('layout') layout: string, @Res() res: Response) {
    try {
      const file = await this.invoices.render(no, layout);
      return res.json({ file });
    } catch (err) {
      if (VERBOSE_ERRORS) {
        // ok: stack-trace-exposure
        return res.status(500).send((err as Error).stack);
      }
      this.logger.error('render failed', (err as Error).stack);
      return res.status(500).json({ message: 'render failed' });
    }
  }

  @Post(':no/stamp')
  async stamp(@Param('no') no: string, @Body('watermark') watermark: string, @Res() res: Response) {
    try {
      await this.invoices.stamp(path.join(PDF_ROOT, `${no}.pdf`), watermark);
      res.sendStatus(204);
    } catch (e: any) {
      // ruleid: stack-trace-exposure
      res.status(500).type('text/plain').send(e.stack);
    }
  }
}
