// A TypeScript Express billing service: invoices, customers, statements, directory lookups.
import express, { Request, Response, NextFunction } from 'express';
import mysql from 'mysql';
import mongoose from 'mongoose';
import { execSync, spawnSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import crypto from 'crypto';
import https from 'https';
import ldap from 'ldapjs';
import xpath from 'xpath';
import { DOMParser } from '@xmldom/xmldom';
import serialize from 'node-serialize';
import multer from 'multer';
import cors from 'cors';
import helmet from 'helmet';
import winston from 'winston';
import vm from 'vm';

const app = express();
const logger = winston.createLogger();
const pool = mysql.createPool({ host: 'db', user: 'billing', password: process.env.DB_PASSWORD });
const Invoice = mongoose.model('Invoice', new mongoose.Schema({ customer: String, total: Number }));
const directory = ldap.createClient({ url: 'ldaps://directory.example.com' });
const STATEMENTS = '/var/billing/statements';
const CURRENCIES: Record<string, string> = { eur: 'EUR', usd: 'USD' };

class InvoiceRepository {
  byCustomer(customer: string): string {
    return "SELECT * FROM invoices WHERE customer = '" + customer + "'";
  }
}

const repo = new InvoiceRepository();

function toCents(value: string): number {
  return Math.round(Number.parseFloat(value) * 100);
}

app.use(helmet());
app.use(express.json());

app.get('/invoices', (req: Request, res: Response) => {
  const customer = req.query.customer as string;
  // ruleid: sql-injection
  pool.query(repo.byCustomer(customer), (err, rows) => res.json(rows));
  // ok: sql-injection
  pool.query('SELECT * FROM invoices WHERE customer = ?', [customer], (err, rows) => res.json(rows));
  const minimum = toCents(req.query.min as string);
  // ok: sql-injection
  pool.query(`SELECT * FROM invoices WHERE total >= ${minimum}`);
  // ruleid: sql-injection
  pool.query(`SELECT * FROM invoices WHERE status = '${req.query.status}'`);
  const currency = CURRENCIES[req.query.currency as string] ?? 'EUR';
  // ok: sql-injection
  pool.query('SELECT * FROM invoices WHERE currency = ?', [currency]);
});

app.post('/invoices/search', async (req: Request, res: Response) => {
  // ruleid: nosql-injection
  const found = await Invoice.find({ customer: req.body.customer });
  // ok: nosql-injection
  const exact = await Invoice.find({ customer: String(req.body.customer) });
  // ok: nosql-injection
  const recent = await Invoice.find({ total: { $gt: 0 } }).limit(10);
  res.json({ found, exact, recent });
});

app.get('/statements/:file', (req: Request, res: Response) => {
  // ruleid: path-traversal
  res.sendFile(path.join(STATEMENTS, req.params.file));
  // ok: path-traversal
  res.sendFile(path.basename(req.params.file), { root: STATEMENTS });
});

app.post('/statements/render', (req: Request, res: Response) => {
  const template = req.body.template as string;
  // ruleid: os-command-injection
  execSync(`wkhtmltopdf ${template} statement.pdf`);
  // ok: os-command-injection
  spawnSync('wkhtmltopdf', [template, 'statement.pdf']);
  // ruleid: code-injection
  const total = vm.runInNewContext(req.body.expression, { lines: req.body.lines });
  // ok: code-injection
  const fixed = vm.runInNewContext('lines.length', { lines: req.body.lines });
  res.json({ total, fixed });
});

app.get('/directory', (req: Request, res: Response) => {
  const name = req.query.name as string;
  // ruleid: ldap-injection
  directory.search('ou=customers,dc=example,dc=com', { filter: `(cn=${name})`, scope: 'sub' }, () => undefined);
  // ok: ldap-injection
  directory.search('ou=customers,dc=example,dc=com', { filter: '(objectClass=customer)', scope: 'sub' }, () => undefined);
  res.end();
});

app.post('/price-list', (req: Request, res: Response) => {
  const doc = new DOMParser().parseFromString(fs.readFileSync('/etc/billing/prices.xml', 'utf8'), 'text/xml');
  // ruleid: xpath-injection
  const node = xpath.select(`//product[@sku='${req.body.sku}']/price`, doc);
  // ok: xpath-injection
  const all = xpath.select('//product/price', doc);
  res.json({ node: String(node), count: all.length });
});

app.post('/session/restore', (req: Request, res: Response) => {
  // ruleid: untrusted-deserialization
  const state = serialize.unserialize(req.cookies.billingState);
  // ok: untrusted-deserialization
  const parsed = JSON.parse(req.cookies.billingState);
  res.json({ state, parsed });
});

// ruleid: unrestricted-file-upload
const looseUpload = multer({ dest: '/var/billing/uploads' });
// ok: unrestricted-file-upload
const strictUpload = multer({
  dest: '/var/billing/uploads',
  limits: { fileSize: 5 * 1024 * 1024 },
  fileFilter: (_req, file, cb) => cb(null, file.mimetype === 'application/pdf'),
});
app.post('/receipts', looseUpload.single('receipt'), (_req: Request, res: Response) => res.end());
app.post('/contracts', strictUpload.single('contract'), (_req: Request, res: Response) => res.end());

app.post('/login', (req: Request, res: Response) => {
  const { user, password } = req.body;
  // ruleid: log-injection
  logger.info('login attempt for ' + user);
  // ok: log-injection
  logger.info('login attempt', { user: JSON.stringify(user) });
  // ruleid: sensitive-information-leak
  console.log('login', user, password);
  // ok: sensitive-information-leak
  console.log('login', user);
  // ruleid: session-fixation
  res.cookie('connect.sid', req.query.sid as string, { httpOnly: true, secure: true });
  // ok: insecure-cookie
  res.cookie('billing_session', crypto.randomBytes(32).toString('hex'), { httpOnly: true, secure: true, sameSite: 'strict' });
  // ruleid: insecure-cookie
  res.cookie('billing_remember', crypto.randomBytes(32).toString('hex'), { httpOnly: false, secure: true });
  res.end();
});

app.get('/callback', (req: Request, res: Response) => {
  // ruleid: header-injection
  res.setHeader('X-Billing-Ref', req.query.ref as string);
  // ok: header-injection
  res.setHeader('X-Billing-Ref', encodeURIComponent(req.query.ref as string));
  // ruleid: open-redirect
  res.redirect(req.query.returnTo as string);
});

export function partnerAgent(): https.Agent {
  // ruleid: improper-certificate-validation
  const loose = new https.Agent({ rejectUnauthorized: false });
  // ok: improper-certificate-validation
  const strict = new https.Agent({ rejectUnauthorized: true, minVersion: 'TLSv1.2' });
  // ruleid: insecure-cryptography
  const legacy = new https.Agent({ minVersion: 'TLSv1' });
  return process.env.PARTNER_LEGACY ? loose : strict ?? legacy;
}

export function invoiceNumber(): string {
  // ruleid: weak-random-number-generation
  const paymentToken = Math.random().toString(16).slice(2);
  // ok: weak-random-number-generation
  const paymentNonce = crypto.randomUUID();
  // ok: weak-random-number-generation
  const jitterMs = Math.floor(Math.random() * 100);
  return `${paymentToken}-${paymentNonce}-${jitterMs}`;
}

export function signStatement(data: string): string {
  // ruleid: insecure-hashing
  const legacy = crypto.createHash('sha1').update(data).digest('hex');
  // ok: insecure-hashing
  const current = crypto.createHash('sha512').update(data).digest('hex');
  return legacy + current;
}

app.use(cors({ origin: 'https://billing.example.com', credentials: true }));
// ruleid: insecure-cors-policy
app.use(cors({ origin: '*' }));

app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
  // ruleid: sensitive-information-leak
  res.status(500).send(err.stack);
  // ok: sensitive-information-leak
  res.status(500).send('internal error');
});

// ok: insecure-socket-bind
app.listen(8080, '127.0.0.1');
