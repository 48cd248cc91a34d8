import express, { Request, Response, Router } from 'express';
import axios, { AxiosInstance } from 'axios';
import got from 'got';
import { request as undiciRequest } from 'undici';
import * as cp from 'node:child_process';
import { exec as run, execFile } from 'child_process';
import { promisify } from 'node:util';
import { basename } from 'node:path';
import vm from 'node:vm';
import serializer from 'node-serialize';
import * as yaml from 'js-yaml';
import libxml from 'libxmljs';
import { parseStringPromise } from 'xml2js';
import winston from 'winston';
import { z } from 'zod';

const logger = winston.createLogger({ level: 'info', transports: [new winston.transports.Console()] });
const runFile = promisify(execFile);

const PARTNER_HOSTS = new Set(['hooks.partner-one.com', 'api.partner-two.io']);
const IMAGE_NAME = /^[a-zA-Z0-9._-]{1,64}$/;
const BRANCH_LIKE = /[a-z0-9._-]+/;
const ARITHMETIC = /^[0-9+\-*/(). ]{1,80}$/;
const FEATURE_SCRIPTING = false;

const WebhookSchema = z.object({
  target: z.string().url(),
  event: z.enum(['invoice.paid', 'invoice.void']),
});

class Forwarder {
  constructor(private readonly client: AxiosInstance = axios.create({ timeout: 5000 })) {}

  deliver(url: string, payload: unknown) {
    // ruleid: server-side-request-forgery
    return this.client.post(url, payload);
  }
}

function statusUrl(base: string): string {
  return `${base}/status`;
}

export function buildIntegrationsRouter(): Router {
  const r = express.Router();
  const fwd = new Forwarder();
  r.use(express.json());

  r.post('/webhooks/test', async (req: Request, res: Response) => {
    const { target } = req.body as { target: string };
    // ruleid: log-injection
    logger.info(`webhook test delivery to ${target}`);
    const out = await fwd.deliver(target, { ping: true });
    res.json({ status: out.status });
  });

  r.post('/webhooks/register', async (req: Request, res: Response) => {
    const parsed = WebhookSchema.safeParse(req.body);
    if (!parsed.success) {
      // ok: log-injection
      logger.warn('rejected webhook registration', { issues: parsed.error.issues.length });
      return res.status(400).json({ error: 'invalid' });
    }
    const host = new URL(parsed.data.target).hostname;
    if (!PARTNER_HOSTS.has(host)) return res.status(403).json({ error: 'host not allowed' });
    // ok: server-side-request-forgery
    const probe = await axios.head(parsed.data.target, { timeout: 3000 });
    // ok: log-injection
    logger.info(`registered ${parsed.data.event} hook on ${host}`);
    res.status(201).json({ reachable: probe.status < 400 });
  });

  r.get('/preview', async (req: Request, res: Response) => {
    const url = String(req.query.url ?? '');
    if (!url.startsWith('https://cdn.example.com')) {
      return res.status(400).end();
    }
    // ruleid: server-side-request-forgery
    const body = await got(url, { timeout: { request: 4000 } }).buffer();
    res.type('image/png').send(body);
  });

  r.get('/avatar/:user', async (req: Request, res: Response) => {
    const v = encodeURIComponent(req.params.user);
    // ok: server-side-request-forgery
    const { body } = await undiciRequest(`https://avatars.example.com/u/${v}.png`);
    res.type('image/png').send(Buffer.from(await body.arrayBuffer()));
  });

  r.get('/health/remote', async (req: Request, res: Response) => {
    // ruleid: server-side-request-forgery
    const { data } = await axios.get(statusUrl(String(req.query.base)));
    res.json(data);
  });

  r.post('/thumbs', (req: Request, res: Response) => {
    const image: string = req.body.image;
    // ruleid: os-command-injection
    run(`convert /data/in/${image} -resize 200x200 /data/out/${image}`, (err) => res.json({ ok: !err }));
  });

  r.post('/thumbs/v2', (req: Request, res: Response) => {
    const image: string = req.body.image;
    if (!IMAGE_NAME.test(image) || image.startsWith('.')) {
      return res.status(400).json({ error: 'bad name' });
    }
    // ok: os-command-injection
    run(`convert /data/in/${image} -resize 200x200 /data/out/${image}`, (err) => res.json({ ok: !err }));
  });

  r.post('/thumbs/v3', async (req: Request, res: Response) => {
    const { src, size } = req.body as { src: string; size: string };
    const file = basename(src);
    if (!/^\d{1,4}x\d{1,4}$/.test(size)) return res.status(400).end();
    // ok: os-command-injection
    await runFile('convert', [`/data/in/${file}`, '-resize', size, `/data/out/${file}`]);
    res.json({ ok: true });
  });

  r.post('/bundle', (req: Request, res: Response) => {
    const dirs: string[] = req.body.dirs ?? [];
    // ruleid: os-command-injection
    const child = cp.spawn('sh', ['-c', `tar czf - ${dirs.join(' ')}`]);
    res.type('application/gzip');
    child.stdout.pipe(res);
  });

  r.get('/changelog', (req: Request, res: Response) => {
    const count = parseInt(String(req.query.n), 10);
    if (Number.isNaN(count) || count < 1 || count > 100) return res.status(400).end();
    // ok: os-command-injection
    const out = cp.execSync(`git -C /srv/app log --oneline -n ${count}`);
    res.type('text/plain').send(out);
  });

  r.post('/deploy/checkout', (req: Request, res: Response) => {
    const branch = String(req.body.branch);
    if (!BRANCH_LIKE.test(branch)) return res.status(400).end();
    // ruleid: os-command-injection
    cp.execSync('git -C /srv/app checkout ' + branch);
    res.status(204).end();
  });

  r.post('/rules/evaluate', (req: Request, res: Response) => {
    const expr: string = req.body.expr;
    // ruleid: code-injection
    const fn = new Function('ctx', `return (${expr});`);
    res.json({ result: fn({ amount: 10 }) });
  });

  r.post('/rules/sandbox', (req: Request, res: Response) => {
    const sandbox = { input: req.body.input, result: null as unknown };
    // ruleid: code-injection
    vm.runInNewContext(req.body.code, sandbox, { timeout: 50 });
    res.json({ result: sandbox.result });
  });

  r.get('/calc', (req: Request, res: Response) => {
    const e = String(req.query.e ?? '');
    if (!ARITHMETIC.test(e)) return res.status(400).json({ error: 'only arithmetic' });
    // ok: code-injection
    res.json({ value: eval(e) });
  });

  r.post('/scripts/run', (req: Request, res: Response) => {
    if (FEATURE_SCRIPTING) {
      // ok: code-injection
      return res.json({ value: eval(req.body.script) });
    }
    res.status(404).end();
  });

  r.post('/session/restore', (req: Request, res: Response) => {
    const raw = Buffer.from(String(req.headers['x-session-state'] ?? ''), 'base64').toString('utf8');
    // ruleid: untrusted-deserialization
    const state = serializer.unserialize(raw);
    res.json({ restored: Object.keys(state).length });
  });

  r.post('/config/import', express.text({ type: '*/yaml' }), (req: Request, res: Response) => {
    // ruleid: untrusted-deserialization
    const cfg = yaml.load(req.body, { schema: yaml.DEFAULT_FULL_SCHEMA });
    res.json({ keys: Object.keys(cfg as object) });
  });

  r.post('/config/validate', express.text({ type: '*/yaml' }), (req: Request, res: Response) => {
    // ok: untrusted-deserialization
    const cfg = yaml.load(req.body, { schema: yaml.FAILSAFE_SCHEMA });
    res.json({ valid: typeof cfg === 'object' });
  });

  r.post('/invoices/xml', express.text({ type: 'application/xml' }), (req: Request, res: Response) => {
    // ruleid: xml-external-entity
    const doc = libxml.parseXml(req.body, { noent: true });
    res.json({ root: doc.root()?.name() });
  });

  r.post('/invoices/xml/v2', express.text({ type: 'application/xml' }), (req: Request, res: Response) => {
    // ok: xml-external-entity
    const doc = libxml.parseXml(req.body, { noent: false, nonet: true });
    res.json({ root: doc.root()?.name() });
  });

  r.post('/invoices/xml/legacy', express.text({ type: 'text/xml' }), (req: Request, res: Response) => {
    const opts = { dtdload: true, noent: true };
    // ruleid: xml-external-entity
    const doc = libxml.parseXmlString(String(req.body), opts);
    res.json({ children: doc.root()?.childNodes().length ?? 0 });
  });

  r.post('/invoices/xml/json', express.text({ type: 'application/xml' }), async (req: Request, res: Response) => {
    // ok: xml-external-entity
    const obj = await parseStringPromise(req.body, { explicitArray: false });
    res.json(obj);
  });

  return r;
}
