import Fastify, { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import axios, { AxiosInstance } from 'axios';
import got from 'got';
import * as http from 'http';
import * as https from 'https';
import { readFileSync } from 'fs';
import { Pool } from 'pg';
import * as libxmljs from 'libxmljs';
import { parseStringPromise } from 'xml2js';
import { createCipheriv, createDecipheriv, randomBytes, randomUUID, scryptSync } from 'crypto';
import pino from 'pino';

type Q = Record<string, string | undefined>;

const log = pino({ level: process.env.LOG_LEVEL ?? 'info' });
const pool = new Pool({ connectionString: process.env.PARTNER_DB_URL });

const PARTNER_HOSTS = new Set(['hooks.acme-partner.io', 'events.globex.example']);
const REGIONS = ['eu-west', 'us-east', 'ap-south'];
const LANDING: Record<string, string> = {
  dashboard: '/app/dashboard',
  billing: '/app/billing',
  docs: 'https://docs.example.com/partners/',
};
const APP_ORIGIN = 'https://portal.example.com';
const TRACE_ID = /^[A-Za-z0-9-]{1,64}$/;

const keyMaterial = scryptSync(process.env.PARTNER_KEY_SEED ?? '', 'partner-gw', 32);

// ruleid: improper-certificate-validation
const legacyAgent = new https.Agent({ rejectUnauthorized: false, keepAlive: true });
// ok: improper-certificate-validation
const pinnedAgent = new https.Agent({ ca: readFileSync('/etc/partner-gw/ca.pem'), rejectUnauthorized: true });

const partnerApi: AxiosInstance = axios.create({ timeout: 5000, httpsAgent: pinnedAgent });

function sealToken(plain: string): string {
  const iv = randomBytes(12);
  // ok: insecure-cryptography
  const c = createCipheriv('aes-256-gcm', keyMaterial, iv);
  const enc = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), enc]).toString('base64url');
}

function legacySeal(plain: string): string {
  // ruleid: insecure-cryptography
  const c = createCipheriv('aes-128-ecb', keyMaterial.subarray(0, 16), null);
  return Buffer.concat([c.update(plain, 'utf8'), c.final()]).toString('hex');
}

function legacyOpen(hex: string): string {
  const iv = keyMaterial.subarray(0, 8);
  // ruleid: insecure-cryptography
  const d = createDecipheriv('des-ede3-cbc', keyMaterial.subarray(0, 24), iv);
  return Buffer.concat([d.update(Buffer.from(hex, 'hex')), d.final()]).toString('utf8');
}

async function lookupPartner(db: Pool, slug: string, region: string) {
  // ok: sql-injection
  const a = await db.query('SELECT id, name, webhook_url FROM partners WHERE slug = $1', [slug]);
  if (a.rowCount) return a.rows[0];
  const where = `slug LIKE '${slug}%' AND region = '${region}'`;
  // ruleid: sql-injection
  const b = await db.query('SELECT id, name, webhook_url FROM partners WHERE ' + where);
  return b.rows[0];
}

export function buildGateway(): FastifyInstance {
  const app = Fastify({ logger: true, trustProxy: true });
  app.register(cookie, { secret: process.env.COOKIE_SECRET });

  app.post('/callbacks/test', async (request: FastifyRequest<{ Body: { url: string; partner: string } }>, reply: FastifyReply) => {
    const { url, partner } = request.body;
    // ruleid: log-injection
    console.warn(`[callbacks] testing callback for partner ${partner}`);
    // ok: log-injection
    log.info({ partner, url }, 'callback test requested');
    // ruleid: server-side-request-forgery
    const res = await axios.post(url, { ping: true }, { timeout: 3000 });
    return reply.send({ status: res.status });
  });

  app.post('/callbacks/verify', async (request: FastifyRequest<{ Body: { url: string } }>, reply) => {
    const target = request.body.url;
    if (!target.startsWith('https://hooks.acme-partner.io')) {
      return reply.code(400).send({ error: 'unsupported host' });
    }
    // ruleid: server-side-request-forgery
    const res = await partnerApi.get(target);
    return reply.send({ ok: res.status < 400 });
  });

  app.post('/callbacks/register', async (request: FastifyRequest<{ Body: { url: string } }>, reply) => {
    let parsed: URL;
    try {
      parsed = new URL(request.body.url);
    } catch {
      return reply.code(400).send({ error: 'invalid url' });
    }
    if (parsed.protocol !== 'https:' || !PARTNER_HOSTS.has(parsed.hostname)) {
      return reply.code(400).send({ error: 'host not allowed' });
    }
    // ok: server-side-request-forgery
    const res = await partnerApi.head(parsed.toString());
    return reply.send({ reachable: res.status < 400 });
  });

  app.get('/regions/:region/health', async (request: FastifyRequest<{ Params: { region: string } }>, reply) => {
    const region = request.params.region;
    if (!REGIONS.includes(region)) {
      return reply.code(404).send();
    }
    // ok: server-side-request-forgery
    const body = await got(`https://${region}.status.example.com/health`, { timeout: { request: 2000 } }).json();
    return reply.send(body);
  });

  app.get('/legacy/status', (request: FastifyRequest<{ Querystring: Q }>, reply) => {
    const host = request.query.host ?? 'localhost';
    // ruleid: server-side-request-forgery
    http.get(`http://${host}/status`, (r) => {
      let data = '';
      r.on('data', (chunk) => (data += chunk));
      r.on('end', () => reply.send({ upstream: data.slice(0, 200) }));
    });
  });

  app.get('/legacy/mirror', async (request: FastifyRequest<{ Querystring: Q }>, reply) => {
    // ruleid: improper-certificate-validation
    const res = await got(`https://mirror.internal.example/docs/${encodeURIComponent(request.query.doc ?? 'index')}`, { https: { rejectUnauthorized: false } });
    return reply.type('text/plain').send(res.body);
  });

  app.get('/legacy/ping', async (_req, reply) => {
    const res = await axios.get('https://old-billing.internal.example/ping', { httpsAgent: legacyAgent });
    return reply.send({ ok: res.status === 200 });
  });

  app.get('/go', async (request: FastifyRequest<{ Querystring: Q }>, reply) => {
    const dest = LANDING[request.query.to ?? ''] ?? LANDING.dashboard;
    // ok: open-redirect
    return reply.redirect(dest);
  });

  app.get('/sso/return', async (request: FastifyRequest<{ Querystring: Q }>, reply) => {
    const returnTo = request.query.returnTo ?? '/';
    if (returnTo.startsWith('/')) {
      // ruleid: open-redirect
      return reply.redirect(returnTo);
    }
    return reply.redirect('/');
  });

  app.get('/sso/continue', async (request: FastifyRequest<{ Querystring: Q }>, reply) => {
    // ruleid: open-redirect
    return reply.redirect(request.query.next as string);
  });

  app.get('/sso/resume', async (request: FastifyRequest<{ Querystring: Q }>, reply) => {
    const u = new URL(request.query.next ?? '/', APP_ORIGIN);
    if (u.origin !== APP_ORIGIN) {
      return reply.redirect('/');
    }
    // ok: open-redirect
    return reply.redirect(u.pathname + u.search);
  });

  app.get('/partners/:slug', async (request: FastifyRequest<{ Params: { slug: string }; Querystring: Q }>, reply) => {
    const partner = await lookupPartner(pool, request.params.slug, request.query.region ?? 'eu-west');
    const trace = request.query.trace ?? '';
    if (TRACE_ID.test(trace)) {
      // ok: header-injection
      reply.header('X-Trace-Id', trace);
    }
    // ruleid: header-injection
    reply.header('Link', `<${request.query.next}>; rel="next"`);
    reply.header('X-Request-Id', randomUUID());
    return reply.send(partner ?? {});
  });

  app.get('/partners/:slug/card', async (request: FastifyRequest<{ Params: { slug: string }; Querystring: Q }>, reply) => {
    const title = request.query.title ?? request.params.slug;
    // ruleid: cross-site-scripting
    return reply.type('text/html').send(`<div class="card"><h3>${title}</h3></div>`);
  });

  app.get('/partners/:slug/meta', async (request: FastifyRequest<{ Params: { slug: string }; Querystring: Q }>, reply) => {
    // ok: cross-site-scripting
    return reply.send({ slug: request.params.slug, title: request.query.title });
  });

  app.post('/feeds/import', async (request: FastifyRequest<{ Body: string }>, reply) => {
    const xml = request.body;
    // ruleid: xml-external-entity
    const doc = libxmljs.parseXml(xml, { noent: true, noblanks: true });
    const items = doc.find('//item').length;
    return reply.send({ items });
  });

  app.post('/feeds/validate', async (request: FastifyRequest<{ Body: string }>, reply) => {
    // ok: xml-external-entity
    const doc = libxmljs.parseXml(request.body, { noent: false, nonet: true });
    return reply.send({ root: doc.root()?.name() });
  });

  app.post('/feeds/summary', async (request: FastifyRequest<{ Body: string }>, reply) => {
    // ok: xml-external-entity
    const parsed = await parseStringPromise(request.body, { explicitArray: false });
    return reply.send({ keys: Object.keys(parsed ?? {}) });
  });

  app.post('/session', async (request: FastifyRequest<{ Body: { partnerId: string } }>, reply) => {
    const sid = sealToken(`${request.body.partnerId}:${Date.now()}`);
    // ruleid: insecure-cookie
    reply.setCookie('pgw_session', sid, { path: '/', httpOnly: true, secure: false });
    // ok: insecure-cookie
    reply.setCookie('pgw_sid', sid, { path: '/', httpOnly: true, secure: true, sameSite: 'strict' });
    // ruleid: insecure-cookie
    reply.setCookie('pgw_legacy', legacySeal(request.body.partnerId), { path: '/', httpOnly: false, secure: true });
    return reply.send({ ok: true, legacy: legacyOpen(legacySeal('probe')) === 'probe' });
  });

  return app;
}
