// A Koa catalogue service: products, reviews, image proxy, admin jobs.
const Koa = require('koa');
const Router = require('@koa/router');
const bodyParser = require('koa-bodyparser');
const session = require('koa-session');
const mysql = require('mysql2/promise');
const { Pool } = require('pg');
const mongoose = require('mongoose');
const { exec, execFile, spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const axios = require('axios');
const jwt = require('jsonwebtoken');
const escapeHtml = require('escape-html');
const yaml = require('js-yaml');
const zlib = require('zlib');

const app = new Koa();
const router = new Router();
const db = mysql.createPool({ host: process.env.DB_HOST, user: 'catalog', database: 'catalog' });
const pg = new Pool();
const Review = mongoose.model('Review', new mongoose.Schema({ product: String, text: String }));
const IMAGE_ROOT = '/srv/catalog/images';
const SORTS = { price: 'price', name: 'name' };
const FEATURE_RAW_SQL = false;
const jobs = { reindex: () => 'reindexed', warm: () => 'warmed' };
const ALLOWED_JOBS = new Set(Object.keys(jobs));

function categoryFilter(category) {
  return `SELECT id, name FROM products WHERE category = '${category}'`;
}

router.get('/products', async (ctx) => {
  const { category, q } = ctx.query;
  // ruleid: sql-injection
  await db.query(categoryFilter(category));
  // ok: sql-injection
  await db.query('SELECT id, name FROM products WHERE category = ?', [category]);
  const sort = SORTS[ctx.query.sort] || 'name';
  // ok: sql-injection
  await db.query('SELECT id, name FROM products ORDER BY ' + 'name');
  const limit = parseInt(ctx.query.limit, 10) || 20;
  // ok: sql-injection
  await db.query(`SELECT id, name FROM products LIMIT ${limit}`);
  // ruleid: sql-injection
  await pg.query("SELECT * FROM products WHERE name ILIKE '%" + q + "%'");
  // ok: sql-injection
  await pg.query('SELECT * FROM products WHERE name ILIKE $1', [`%${q}%`]);
  if (FEATURE_RAW_SQL) {
    // ok: sql-injection
    await db.query('SELECT * FROM products_raw');
  }
  ctx.body = { sort };
});

router.get('/reviews', async (ctx) => {
  const product = ctx.query.product;
  // ok: nosql-injection
  await Review.find({ product: String(product) });
  // ruleid: nosql-injection
  await Review.find({ $where: `this.product == '${product}'` });
  // ruleid: nosql-injection
  await Review.find(ctx.request.body.filter);
  // ok: nosql-injection
  await Review.find({ product: 'featured' });
});

router.get('/search', async (ctx) => {
  const term = ctx.query.term;
  // ruleid: cross-site-scripting
  ctx.body = `<h1>Results for ${term}</h1>`;
  // ok: cross-site-scripting
  ctx.body = `<h1>Results for ${escapeHtml(term)}</h1>`;
  // ok: cross-site-scripting
  ctx.body = { term };
});

router.get('/images/:name', async (ctx) => {
  const name = ctx.params.name;
  // ruleid: path-traversal
  ctx.body = fs.createReadStream(path.join(IMAGE_ROOT, name));
  // ok: path-traversal
  ctx.body = fs.createReadStream(path.join(IMAGE_ROOT, path.basename(name)));
  const resolved = path.resolve(IMAGE_ROOT, name);
  if (!resolved.startsWith(IMAGE_ROOT + path.sep)) {
    ctx.throw(400);
  }
  // ok: path-traversal
  ctx.body = fs.createReadStream(resolved);
});

router.get('/proxy', async (ctx) => {
  // ruleid: server-side-request-forgery
  const upstream = await axios.get(ctx.query.url);
  // ok: server-side-request-forgery
  const cdn = await axios.get(`https://cdn.example.com/images/${encodeURIComponent(ctx.query.id)}`);
  ctx.body = [upstream.status, cdn.status];
});

router.post('/thumbnail', async (ctx) => {
  const file = ctx.request.body.file;
  // ruleid: os-command-injection
  exec(`convert ${file} -resize 200x200 thumb.png`);
  // ok: os-command-injection
  execFile('convert', [file, '-resize', '200x200', 'thumb.png']);
  // ok: os-command-injection
  exec('convert default.png -resize 200x200 thumb.png');
  // ruleid: os-command-injection
  spawn('sh', ['-c', 'optipng ' + file]);
});

router.post('/jobs/:name', async (ctx) => {
  const name = ctx.params.name;
  // ruleid: unsafe-reflection
  const output = jobs[name]();
  if (ALLOWED_JOBS.has(name)) {
    // ok: unsafe-reflection
    ctx.body = jobs[name]();
    return;
  }
  ctx.body = output;
});

router.get('/go', async (ctx) => {
  // ruleid: open-redirect
  ctx.redirect(ctx.query.next);
  // ok: open-redirect
  ctx.redirect('/products');
});

router.post('/import', async (ctx) => {
  // ruleid: untrusted-deserialization
  const doc = yaml.load(ctx.request.body.yaml, { schema: yaml.DEFAULT_FULL_SCHEMA });
  // ok: untrusted-deserialization
  const safe = yaml.load(ctx.request.body.yaml);
  // ruleid: zip-bomb
  const inflated = zlib.gunzipSync(Buffer.from(ctx.request.body.archive, 'base64'));
  // ok: zip-bomb
  const bounded = zlib.gunzipSync(Buffer.from(ctx.request.body.archive, 'base64'), { maxOutputLength: 1 << 20 });
  ctx.body = { doc, safe, size: inflated.length + bounded.length };
});

router.get('/me', async (ctx) => {
  const token = ctx.headers.authorization.slice(7);
  // ruleid: improper-authentication
  const claims = jwt.decode(token);
  // ok: improper-authentication
  const verified = jwt.verify(token, process.env.JWT_KEY, { algorithms: ['HS256'] });
  ctx.body = { sub: claims.sub, verified: verified.sub };
});

function resetCode() {
  // ruleid: weak-random-number-generation
  const resetToken = Math.random().toString(36).slice(2);
  // ok: weak-random-number-generation
  const sessionToken = crypto.randomBytes(32).toString('hex');
  return resetToken + sessionToken;
}

function checksum(data) {
  // ok: insecure-hashing (a checksum, not a security use)
  const etag = crypto.createHash('md5').update(data).digest('hex');
  // ok: insecure-hashing
  const digest = crypto.createHash('sha256').update(data).digest('hex');
  return etag + digest;
}

function checkWebhook(signature, body) {
  const expectedSignature = crypto.createHmac('sha256', process.env.HOOK_KEY).update(body).digest('hex');
  // ruleid: timing-attack
  if (signature === expectedSignature) return true;
  // ok: timing-attack
  return crypto.timingSafeEqual(Buffer.from(signature), Buffer.from(expectedSignature));
}

app.keys = [process.env.COOKIE_KEY];
app.use(session({
  key: 'catalog.sid',
  httpOnly: true,
  secure: true,
  // ruleid: cross-site-request-forgery
  sameSite: 'none',
}, app));
app.use(session({
  key: 'catalog.prefs',
  secure: true,
  // ok: cross-site-request-forgery
  sameSite: 'strict',
}, app));
app.use(bodyParser());
app.use(router.routes());
// ruleid: insecure-socket-bind
app.listen(3000, '0.0.0.0');
// ok: insecure-socket-bind
app.listen(3001, '127.0.0.1');

module.exports = { app, resetCode, checksum, checkWebhook };
