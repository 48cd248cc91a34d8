import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Logger,
  NotFoundException,
  Param,
  ParseIntPipe,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { HttpService } from '@nestjs/axios';
import { Request, Response } from 'express';
import { firstValueFrom } from 'rxjs';
import { Repository, DataSource } from 'typeorm';
import * as fs from 'fs';
import * as path from 'path';
import { randomBytes, randomInt } from 'crypto';
import * as sanitizeHtml from 'sanitize-html';
import { Invoice } from './invoice.entity';

enum InvoiceStatus {
  Draft = 'draft',
  Sent = 'sent',
  Paid = 'paid',
}

interface WebhookDto {
  invoiceId: number;
  callbackUrl: string;
}

const PDF_DIR = '/var/lib/billing/pdf';
const CALLBACK_HOSTS: ReadonlySet<string> = new Set(['hooks.example.com', 'erp.example.net']);
const EXPOSE_ERRORS = false as const;

@Controller('invoices')
export class InvoicesController {
  private readonly logger = new Logger(InvoicesController.name);

  constructor(
    @InjectRepository(Invoice) private readonly invoices: Repository<Invoice>,
    private readonly dataSource: DataSource,
    private readonly http: HttpService,
  ) {}

  @Get()
  async list(@Query('status') status: string, @Query('customer') customer: string) {
    const st = Object.values(InvoiceStatus).includes(status as InvoiceStatus) ? status : InvoiceStatus.Sent;
    // ok: sql-injection
    return this.invoices.createQueryBuilder('i').where(`i.status = '${st}'`).andWhere('i.customer_ref = :c', { c: customer }).getMany();
  }

  @Get('search')
  async search(@Query() params: Record<string, string>) {
    const filters = { memo: params.memo ?? '', year: params.year ?? '2024' };
    const sql = `SELECT id, number, total FROM invoices WHERE memo LIKE '%${filters.memo}%' AND EXTRACT(YEAR FROM issued_at) = ${filters.year}`;
    // ruleid: sql-injection
    return this.dataSource.query(sql);
  }

  @Get('totals/:customerId')
  async totals(@Param('customerId', ParseIntPipe) customerId: number) {
    // ok: sql-injection
    return this.dataSource.query(`SELECT currency, SUM(total) AS sum FROM invoices WHERE customer_id = ${customerId} GROUP BY currency`);
  }

  @Get(':id/pdf')
  async pdf(@Param('id', ParseIntPipe) id: number, @Query('variant') variant: string, @Res() res: Response) {
    const name = `${id}-${variant || 'default'}.pdf`;
    // ruleid: path-traversal
    const stream = fs.createReadStream(path.join(PDF_DIR, name));
    stream.on('error', () => res.status(404).end());
    stream.pipe(res);
  }

  @Get(':id/pdf/latest')
  async latestPdf(@Param('id', ParseIntPipe) id: number, @Res() res: Response) {
    const file = path.basename(`${id}.pdf`);
    // ok: path-traversal
    res.sendFile(path.join(PDF_DIR, file));
  }

  @Get(':id/preview')
  async preview(@Param('id', ParseIntPipe) id: number, @Query('note') note: string, @Res() res: Response) {
    const inv = await this.invoices.findOneBy({ id });
    if (!inv) {
      throw new NotFoundException();
    }
    const clean = sanitizeHtml(note ?? '', { allowedTags: ['b', 'i', 'em', 'strong'], allowedAttributes: {} });
    // ok: cross-site-scripting
    res.type('html').send(`<h2>Invoice ${inv.number}</h2><div class="note">${clean}</div>`);
  }

  @Get(':id/print')
  async print(@Param('id', ParseIntPipe) id: number, @Req() req: Request, @Res() res: Response) {
    const heading = req.query.heading as string;
    const parts = ['<html><body>', `<h1>${heading}</h1>`, `<p>Invoice #${id}</p>`, '</body></html>'];
    // ruleid: cross-site-scripting
    res.send(parts.join('\n'));
  }

  @Post('webhooks')
  async registerWebhook(@Body() dto: WebhookDto) {
    const u = new URL(dto.callbackUrl);
    if (u.protocol !== 'https:' || !CALLBACK_HOSTS.has(u.hostname)) {
      throw new BadRequestException('callback host not allowed');
    }
    // ok: server-side-request-forgery
    await firstValueFrom(this.http.post(u.href, { type: 'ping', invoiceId: dto.invoiceId }));
    return { registered: true };
  }

  @Post('webhooks/test')
  async testWebhook(@Body() dto: WebhookDto) {
    const u = new URL(dto.callbackUrl);
    if (!CALLBACK_HOSTS.has(u.hostname.replace(/^www\./, ''))) {
      this.logger.warn('webhook test to unlisted host');
    }
    // ruleid: server-side-request-forgery
    const r = await firstValueFrom(this.http.get(dto.callbackUrl, { timeout: 3000 }));
    return { status: r.status };
  }

  @Post(':id/pay-link')
  async payLink(@Param('id', ParseIntPipe) id: number, @Res() res: Response) {
    // ruleid: weak-random-number-generation
    const ref = `${id}-${Math.floor(Math.random() * 1e10).toString(16)}`;
    await this.invoices.update({ id }, { payRef: ref });
    // ok: weak-random-number-generation
    const pin = randomInt(100000, 1000000);
    // ok: insecure-cookie
    res.cookie('pay_session', randomBytes(24).toString('hex'), { httpOnly: true, secure: true, sameSite: 'lax' });
    res.json({ link: `https://pay.example.com/r/${ref}`, pin });
  }

  @Get('checkout/return')
  async checkoutReturn(@Query('to') to: string, @Query('invoice') invoice: string, @Res() res: Response) {
    // ruleid: log-injection
    this.logger.log(`checkout return for invoice ${invoice}`);
    if (to && to.startsWith('/') && !to.startsWith('//') && !to.startsWith('/\\')) {
      // ok: open-redirect
      return res.redirect(to);
    }
    const dest = { primary: to, fallback: '/invoices' };
    // ruleid: open-redirect
    return res.redirect(dest.primary || dest.fallback);
  }

  @Post('import')
  async importCsv(@Body('csv') csv: string, @Res() res: Response) {
    try {
      const rows = csv.split('\n').map((line) => line.split(','));
      await this.invoices.insert(rows.map(([n, t]) => ({ number: n, total: Number(t) })));
      res.status(201).json({ imported: rows.length });
    } catch (err) {
      this.logger.error('import failed', (err as Error).stack);
      if (EXPOSE_ERRORS) {
        // ok: stack-trace-exposure
        return res.status(500).json({ error: (err as Error).stack });
      }
      // ruleid: stack-trace-exposure
      res.status(500).send(`Import failed: ${(err as Error).message}\n${(err as Error).stack}`);
    }
  }
}
