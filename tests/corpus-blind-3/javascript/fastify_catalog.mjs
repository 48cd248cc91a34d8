import Fastify from 'fastify';
import mongoose from 'mongoose';
import pg from 'pg';
import https from 'node:https';
import * as nodeCrypto from 'node:crypto';
import vm from 'node:vm';
import serialize from 'node-serialize';
import jwt from 'jsonwebtoken';
import pino from 'pino';

const log = pino({ name: 'catalog' });
const app = Fastify({ logger: false });

const pool = new pg.Pool({ connectionString: process.env.CATALOG_PG_URL });
// ruleid: hardcoded-credentials
const SIGNING_SECRET = 'f3a9c1e07b5d4e2a9c8b7a6f5e4d3c2b';
// ok: hardcoded-credentials
const PARTNER_API_KEY = process.env.PARTNER_API_KEY ?? '';
const SKIP_TLS = false;
const SORTABLE = new Map([['price', 'price_cents'], ['name', 'title'], ['new', 'created_at']]);

const Product = mongoose.model('Product', new mongoose.Schema({
  sku: String,
  title: String,
  owner: String,
  tags: [String],
  priceCents: Number,
}));

class PricingClient {
  constructor(agent) {
    this.agent = agent;
  }

  async quote(sku) {
    return new Promise((resolve, reject) => {
      const req = https.get({ host: 'pricing.internal.example.com', path: `/v2/quote/${encodeURIComponent(sku)}`, agent: this.agent,
        headers: { 'x-api-key': PARTNER_API_KEY } }, (res) => {
        let body = '';
        res.on('data', (c) => { body += c; });
        res.on('end', () => resolve(JSON.parse(body)));
      });
      req.on('error', reject);
    });
  }
}

// ruleid: improper-certificate-validation
const pricing = new PricingClient(new https.Agent({ keepAlive: true, rejectUnauthorized: false }));

if (SKIP_TLS) {
  // ok: improper-certificate-validation
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
}

function clean(v) {
  return String(v).replace(/[\r\n\u2028\u2029]/g, ' ');
}

app.get('/products', async (request) => {
  const { q = '', sort = 'new', page = '1' } = request.query;
  const col = SORTABLE.get(sort) ?? 'created_at';
  const offset = (Number.parseInt(page, 10) - 1) * 50 || 0;
  // ok: sql-injection
  const { rows } = await pool.query(`SELECT sku, title, price_cents FROM products WHERE title ILIKE $1 ORDER BY ${col} LIMIT 50 OFFSET ${offset}`, [`%${q}%`]);
  return rows;
});

app.get('/products/by-tag/:tag', async (request) => {
  const tag = request.params.tag;
  const text = 'SELECT sku, title FROM products WHERE $1 = ANY(tags) AND region = \'' + request.headers['x-region'] + '\'';
  // ruleid: sql-injection
  const { rows } = await pool.query(text, [tag]);
  return rows;
});

app.post('/products/search', async (request) => {
  const payload = request.body || {};
  // ruleid: nosql-injection
  const items = await Product.find({ owner: payload.owner, tags: { $in: ['published'] } }).limit(100).lean();
  return items;
});

app.get('/products/mine', async (request) => {
  const owner = String(request.query.owner || '');
  // ok: nosql-injection
  return Product.find({ owner: { $eq: owner } }).limit(100).lean();
});

app.get('/products/cheaper-than', async (request) => {
  const limit = request.query.max;
  // ruleid: nosql-injection
  return Product.find({ $where: `this.priceCents < ${limit}` }).lean();
});

app.post('/pricing/rules/test', async (request) => {
  const { rule, sample } = request.body;
  const sandbox = { price: Number(sample.price), qty: Number(sample.qty), result: null };
  // ruleid: code-injection
  vm.runInNewContext(`result = (${rule})`, sandbox, { timeout: 50 });
  return { result: sandbox.result };
});

app.post('/pricing/rules/parse', async (request) => {
  // ok: code-injection
  const rule = JSON.parse(request.body.rule);
  return { ok: typeof rule === 'object', keys: Object.keys(rule || {}) };
});

app.post('/cart/restore', async (request, reply) => {
  const raw = Buffer.from(request.body.cart, 'base64').toString('utf8');
  // ruleid: untrusted-deserialization
  const cart = serialize.unserialize(raw);
  reply.send({ items: cart.items?.length ?? 0 });
});

app.post('/cart/import', async (request) => {
  // ok: untrusted-deserialization
  const cart = JSON.parse(Buffer.from(request.body.cart, 'base64').toString('utf8'));
  return { items: Array.isArray(cart.items) ? cart.items.length : 0 };
});

app.post('/partners/login', async (request, reply) => {
  const { partner, password } = request.body;
  const { rows } = await pool.query('SELECT id, pw_digest FROM partners WHERE slug = $1', [partner]);
  // ruleid: insecure-hashing
  const digest = nodeCrypto.createHash('md5').update(password).digest('hex');
  if (!rows.length || rows[0].pw_digest !== digest) {
    // ruleid: log-injection
    log.warn(`partner login failed: ${partner}`);
    return reply.code(401).send({ error: 'unauthorized' });
  }
  // ok: log-injection
  log.info(`partner login ok: ${clean(partner)}`);
  return { token: jwt.sign({ sub: rows[0].id }, SIGNING_SECRET, { expiresIn: '1h' }) };
});

app.get('/feeds/export', async (request, reply) => {
  const { rows } = await pool.query('SELECT sku, title, price_cents FROM products ORDER BY sku');
  const body = JSON.stringify(rows);
  // ok: insecure-hashing
  const etag = nodeCrypto.createHash('sha1').update(body).digest('hex');
  reply.header('ETag', `"${etag}"`).type('application/json').send(body);
});

const vaultKey = Buffer.from(process.env.CATALOG_VAULT_KEY, 'base64');

app.post('/partners/:id/credentials', async (request) => {
  const iv = nodeCrypto.randomBytes(12);
  // ok: insecure-cryptography
  const c = nodeCrypto.createCipheriv('aes-256-gcm', vaultKey, iv);
  const enc = Buffer.concat([c.update(String(request.body.secret), 'utf8'), c.final()]);
  await pool.query('UPDATE partners SET secret = $1, iv = $2, tag = $3 WHERE id = $4',
    [enc, iv, c.getAuthTag(), Number(request.params.id)]);
  return { stored: true };
});

app.get('/partners/:id/coupon', async (request) => {
  const algo = ['aes-256', 'ecb'].join('-');
  // ruleid: insecure-cryptography
  const c = nodeCrypto.createCipheriv(algo, vaultKey, null);
  const code = Buffer.concat([c.update(`P${Number(request.params.id)}`), c.final()]).toString('hex');
  return { code, quote: await pricing.quote('COUPON') };
});

await app.listen({ port: Number(process.env.PORT || 8080), host: '0.0.0.0' });
