/**
 * Report worker: drains the `report-jobs` queue (jobs are submitted by
 * tenants through the public API, payload is passed through verbatim) and
 * exposes a couple of Lambda entry points used by the reporting UI.
 */
import { SQSClient, ReceiveMessageCommand, DeleteMessageCommand } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import knexFactory, { Knex } from 'knex';
import { MongoClient, Collection } from 'mongodb';
import * as vm from 'vm';
import * as yaml from 'js-yaml';
import * as serialize from 'node-serialize';
import * as ldap from 'ldapjs';
import * as xpath from 'xpath';
import { DOMParser } from '@xmldom/xmldom';
import { exec as shell, execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { createHash } from 'crypto';
import winston from 'winston';

interface ReportJob {
  id: string;
  tenant: string;
  kind: 'orders' | 'audit' | 'dump';
  since?: string;
  sort?: string;
  owner?: unknown;
  filter?: Record<string, unknown>;
  formula?: string;
  formulaName?: string;
  config?: string;
  state?: string;
  table?: string;
  filename: string;
}

const OUT_DIR = '/var/reports';
const DUMP_TABLES = new Set(['orders', 'line_items', 'refunds']);
const FORMULAS: Record<string, (r: { price: number; qty: number }) => number> = {
  gross: (r) => r.price * r.qty,
  net: (r) => r.price * r.qty * 0.8,
};

const logger = winston.createLogger({
  level: 'info',
  format: winston.format.combine(winston.format.timestamp(), winston.format.printf((i) => `${i.timestamp} ${i.level} ${i.message}`)),
  transports: [new winston.transports.Console(), new winston.transports.File({ filename: '/var/log/report-worker.log' })],
});
const sqs = new SQSClient({});
const QUEUE_URL = process.env.REPORT_QUEUE_URL as string;

const db: Knex = knexFactory({ client: 'pg', connection: process.env.REPORTS_PG });
const mongo = new MongoClient(process.env.AUDIT_MONGO_URL as string);

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

async function ordersReport(job: ReportJob) {
  // ok: sql-injection
  const totals = await db.raw('SELECT status, count(*) FROM orders WHERE tenant_id = ? GROUP BY status', [job.tenant]);
  // ruleid: sql-injection
  const recent = await db.raw(`SELECT id, total FROM orders WHERE tenant_id = '${job.tenant}' ORDER BY id DESC LIMIT 50`);
  const q = db('orders').where({ tenant_id: job.tenant });
  if (job.since) {
    // ruleid: sql-injection
    q.whereRaw(`created_at > '${job.since}'`);
    // ok: sql-injection
    q.whereRaw('updated_at > ?', [job.since]);
  }
  if (job.sort) {
    // ruleid: sql-injection
    q.orderByRaw(job.sort);
  }
  const rows = await q.select('id', 'price', 'qty');
  const fn = job.formulaName && FORMULAS[job.formulaName];
  const computed = fn ? rows.map((r: any) => fn(r)) : [];
  if (job.formula) {
    // ruleid: code-injection
    const custom = new Function('row', `return ${job.formula};`);
    rows.forEach((r: any) => (r.custom = custom(r)));
  }
  return { totals: totals.rows, recent: recent.rows, rows, computed };
}

async function auditReport(job: ReportJob, coll: Collection) {
  // ruleid: nosql-injection
  const matched = await coll.find(job.filter ?? {}).limit(500).toArray();
  // ruleid: nosql-injection
  const byOwner = await coll.find({ $where: `this.owner == '${job.owner}'` }).toArray();
  // ok: nosql-injection
  const exact = await coll.find({ owner: { $eq: job.owner } }).toArray();
  if (typeof job.owner !== 'string') {
    return { matched, byOwner, exact };
  }
  // ok: nosql-injection
  const strict = await coll.find({ tenant: job.tenant, owner: job.owner }).toArray();
  return { matched, byOwner, exact, strict };
}

function applyConfig(job: ReportJob) {
  const cfg = job.config ?? '';
  // ruleid: untrusted-deserialization
  const full = yaml.load(cfg, { schema: yaml.DEFAULT_FULL_SCHEMA });
  // ok: untrusted-deserialization
  const plain = yaml.load(cfg, { schema: yaml.JSON_SCHEMA });
  let resumed: unknown = null;
  if (job.state) {
    const raw = Buffer.from(job.state, 'base64').toString('utf8');
    // ruleid: untrusted-deserialization
    resumed = serialize.unserialize(raw);
    // ok: untrusted-deserialization
    resumed = JSON.parse(raw);
  }
  const ctx = { price: Number((plain as any)?.price ?? 0), qty: Number((plain as any)?.qty ?? 0) };
  // ok: code-injection
  const preview = vm.runInNewContext('price * qty', ctx);
  // ruleid: code-injection
  const scripted = vm.runInNewContext(String((full as any)?.expression ?? '0'), ctx);
  return { full, plain, resumed, preview, scripted };
}

function dumpTable(job: ReportJob): Promise<string> {
  return new Promise((resolve, reject) => {
    const table = job.table ?? 'orders';
    if (DUMP_TABLES.has(table)) {
      // ok: os-command-injection
      execFile('pg_dump', ['--data-only', '--table', table, process.env.REPORTS_DB_NAME ?? 'reports'], (err, out) => (err ? reject(err) : resolve(out)));
      return;
    }
    // ruleid: os-command-injection
    shell(`pg_dump --data-only --table=${table} reports | gzip -c`, (err, out) => (err ? reject(err) : resolve(out)));
  });
}

function writeOutput(job: ReportJob, payload: string) {
  const direct = path.join(OUT_DIR, job.tenant, job.filename);
  if (job.kind === 'dump') {
    // ruleid: path-traversal
    fs.writeFileSync(direct, payload);
    return direct;
  }
  const candidate = path.resolve(OUT_DIR, job.tenant, job.filename);
  if (!candidate.startsWith(OUT_DIR)) {
    throw new Error('bad output path');
  }
  // ruleid: path-traversal
  const ws = fs.createWriteStream(candidate);
  ws.end(payload);
  const summary = path.resolve(OUT_DIR, path.basename(job.filename) + '.summary');
  if (!summary.startsWith(OUT_DIR + path.sep)) {
    throw new Error('bad summary path');
  }
  // ok: path-traversal
  fs.writeFileSync(summary, String(payload.length));
  return candidate;
}

async function handle(job: ReportJob, coll: Collection) {
  // ruleid: log-injection
  logger.info('processing ' + job.kind + ' report for tenant ' + job.tenant);
  // ok: log-injection
  logger.info(`processing job #${Number.parseInt(job.id, 10) || 0}`);
  let body: unknown;
  if (job.kind === 'orders') body = await ordersReport(job);
  else if (job.kind === 'audit') body = await auditReport(job, coll);
  else body = await dumpTable(job);
  const cfg = applyConfig(job);
  const text = JSON.stringify({ body, cfg });
  // ok: insecure-hashing
  const dedupeKey = createHash('md5').update(text).digest('hex');
  // ruleid: insecure-hashing
  const downloadSig = createHash('md5').update(process.env.DOWNLOAD_SECRET + job.filename).digest('hex');
  // ruleid: weak-random-number-generation
  const downloadToken = Math.random().toString(36).substring(2, 12);
  const out = writeOutput(job, text);
  return { out, dedupeKey, downloadSig, downloadToken };
}

export async function runWorker(): Promise<void> {
  await mongo.connect();
  const coll = mongo.db('audit').collection('events');
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: QUEUE_URL, MaxNumberOfMessages: 5, WaitTimeSeconds: 20 }));
    for (const m of Messages) {
      try {
        await handle(JSON.parse(m.Body ?? '{}') as ReportJob, coll);
        await sqs.send(new DeleteMessageCommand({ QueueUrl: QUEUE_URL, ReceiptHandle: m.ReceiptHandle }));
      } catch (err) {
        logger.error('job failed', { err });
        // ok: weak-random-number-generation
        await sleep(500 + Math.floor(Math.random() * 250));
      }
    }
  }
}

/* ---------- Lambda entry points ---------- */

function escapeLdap(v: string): string {
  return v.replace(/[\\*()\0]/g, (ch) => '\\' + ch.charCodeAt(0).toString(16).padStart(2, '0'));
}

// ruleid: hardcoded-credentials
const LDAP_BIND_PASSWORD = 'Rep0rts!2020';

export async function directoryLookup(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const email = event.queryStringParameters?.email ?? '';
  const team = event.queryStringParameters?.team ?? '';
  const client = ldap.createClient({ url: process.env.LDAP_URL as string });
  client.bind('cn=svc-reports,ou=svc,dc=corp,dc=example', LDAP_BIND_PASSWORD, () => undefined);
  const base = 'ou=people,dc=corp,dc=example';
  try {
    const found: string[] = [];
    await new Promise<void>((resolve, reject) => {
      // ruleid: ldap-injection
      client.search(base, { scope: 'sub', filter: `(&(objectClass=person)(mail=${email}))` }, (err, res) => {
        if (err) return reject(err);
        res.on('searchEntry', (e) => found.push(e.dn.toString()));
        res.on('end', () => resolve());
      });
    });
    // ok: ldap-injection
    client.search(base, { scope: 'sub', filter: new ldap.EqualityFilter({ attribute: 'mail', value: email }) }, () => undefined);
    // ok: ldap-injection
    client.search(base, { scope: 'sub', filter: `(&(objectClass=person)(department=${escapeLdap(team)}))` }, () => undefined);
    return { statusCode: 200, body: JSON.stringify({ found }) };
  } catch (err: any) {
    // ruleid: stack-trace-exposure
    return { statusCode: 500, body: JSON.stringify({ error: err.message, trace: err.stack }) };
  } finally {
    client.unbind();
  }
}

const catalogXml = fs.readFileSync(path.join(__dirname, 'catalog.xml'), 'utf8');

export const catalogSearch = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const params = JSON.parse(event.body ?? '{}');
  const doc = new DOMParser().parseFromString(catalogXml, 'text/xml');
  try {
    // ruleid: xpath-injection
    const byName = xpath.select(`//product[name='${params.name}']/price/text()`, doc as any);
    // ok: xpath-injection
    const bySku = xpath.parse('//product[sku=$sku]/price/text()').select({ node: doc as any, variables: { sku: String(params.sku) } });
    const cat = String(params.category ?? '');
    if (!/^[a-z-]{2,32}$/.test(cat)) {
      return { statusCode: 400, body: '{"error":"bad category"}' };
    }
    // ok: xpath-injection
    const inCat = xpath.select(`//product[@category='${cat}']/name/text()`, doc as any);
    // ruleid: cross-site-scripting
    return { statusCode: 200, headers: { 'Content-Type': 'text/html' }, body: `<h2>Results for ${params.name}</h2><p>${String(byName)}</p>` };
  } catch (e) {
    logger.error('catalog search failed', { e });
    // ok: stack-trace-exposure
    return { statusCode: 500, body: JSON.stringify({ error: 'internal error' }) };
  }
};
