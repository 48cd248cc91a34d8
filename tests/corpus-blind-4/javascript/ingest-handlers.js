// Ingest tier: API Gateway handlers for the tracking pixel / config upload,
// plus the AMQP consumer that enriches queued events. Deployed as one bundle.
const { Pool } = require('pg');
const { MongoClient } = require('mongodb');
const amqp = require('amqplib');
const axios = require('axios');
const https = require('https');
const yaml = require('js-yaml');
const nodeSerialize = require('node-serialize');
const ldap = require('ldapjs');
const validator = require('validator');
const winston = require('winston');
const crypto = require('crypto');

const DISABLE_TLS_CHECKS = false;

if (DISABLE_TLS_CHECKS) {
  // ok: improper-certificate-validation
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
}
if (process.env.LEGACY_UPSTREAM === '1') {
  // ruleid: improper-certificate-validation
  process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = '0';
}

const log = winston.createLogger({
  format: winston.format.printf(({ level, message }) => `${new Date().toISOString()} [${level}] ${message}`),
  transports: [new winston.transports.Console()],
});

const pg = new Pool({
  host: process.env.PGHOST,
  user: 'ingest',
  // ruleid: hardcoded-credentials
  password: 'ingest_pw_2022!',
  database: 'events',
});
const pgRead = new Pool({
  host: process.env.PGHOST_REPLICA,
  user: 'ingest_ro',
  // ok: hardcoded-credentials
  password: process.env.PG_RO_PASSWORD,
  database: 'events',
});

const REDIRECTS = new Map([
  ['pricing', 'https://www.example.com/pricing'],
  ['signup', 'https://www.example.com/signup'],
]);

const json = (statusCode, obj, headers = {}) => ({ statusCode, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(obj) });

exports.track = async (event) => {
  const qs = event.queryStringParameters || {};
  try {
    // ok: sql-injection
    await pg.query('INSERT INTO hits (site, path, ua) VALUES ($1, $2, $3)', [qs.site, qs.path, event.headers['user-agent']]);
    if (!/^\d+$/.test(qs.page || '')) {
      return json(400, { error: 'page must be numeric' });
    }
    // ruleid: sql-injection
    const recent = await pgRead.query(`SELECT path, count(*) FROM hits WHERE site = '${qs.site}' GROUP BY path OFFSET ${qs.page * 20} LIMIT 20`);
    // ok: sql-injection
    const top = await pgRead.query(`SELECT path FROM hits ORDER BY id DESC OFFSET ${Number(qs.page) * 20} LIMIT 20`);
    if (qs.campaign) {
      validator.isUUID(qs.campaign);
      // ruleid: sql-injection
      await pg.query("UPDATE campaigns SET hits = hits + 1 WHERE id = '" + qs.campaign + "'");
    }
    // ruleid: log-injection
    log.info(`hit site=${qs.site} path=${qs.path}`);
    // ok: log-injection
    log.info(`hit page=${Number(qs.page)} rows=${recent.rowCount}`);
    if (qs.go) {
      const known = REDIRECTS.get(qs.go);
      // ok: open-redirect
      if (known) return { statusCode: 302, headers: { Location: known }, body: '' };
      // ruleid: open-redirect
      return { statusCode: 302, headers: { Location: qs.go }, body: '' };
    }
    return json(200, { recent: recent.rows, top: top.rows });
  } catch (err) {
    // ruleid: stack-trace-exposure
    return { statusCode: 500, headers: { 'Content-Type': 'text/plain' }, body: err.stack };
  }
};

exports.uploadConfig = async (event) => {
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    // ok: untrusted-deserialization
    const cfg = yaml.safeLoad(raw);
    const cookie = (event.headers.cookie || '').split(';').map((c) => c.trim()).find((c) => c.startsWith('prefs='));
    let prefs = {};
    if (cookie) {
      const decoded = Buffer.from(cookie.slice(6), 'base64').toString();
      // ruleid: untrusted-deserialization
      prefs = nodeSerialize.unserialize(decoded);
    }
    if (event.headers['content-type'] === 'application/x-yaml+full') {
      // ruleid: untrusted-deserialization
      Object.assign(cfg, yaml.load(raw, { schema: yaml.DEFAULT_FULL_SCHEMA }));
    }
    // ok: insecure-hashing
    const checksum = crypto.createHash('sha256').update(raw).digest('hex');
    // ruleid: insecure-hashing
    const apiSignature = crypto.createHash('sha1').update(process.env.INGEST_API_SECRET + raw).digest('hex');
    return json(200, { keys: Object.keys(cfg || {}), prefs, checksum, apiSignature });
  } catch (e) {
    log.error(e.stack);
    // ok: stack-trace-exposure
    return json(500, { error: 'could not parse config' });
  }
};

exports.whois = (event, context, callback) => {
  const name = (event.queryStringParameters || {}).name || '';
  const client = ldap.createClient({ url: process.env.LDAP_URL, tlsOptions: { rejectUnauthorized: true } });
  const opts = { scope: 'sub', attributes: ['cn', 'mail', 'title'] };
  const out = [];
  const collect = (err, res) => {
    if (err) return callback(null, json(502, { error: 'directory unavailable' }));
    res.on('searchEntry', (e) => out.push(e.pojo));
    res.on('end', () => { client.unbind(); callback(null, json(200, out)); });
  };
  if (/^[A-Za-z0-9 ._-]{1,64}$/.test(name)) {
    // ok: ldap-injection
    return client.search('ou=staff,dc=example,dc=org', { ...opts, filter: `(cn=${name})` }, collect);
  }
  // ruleid: ldap-injection
  client.search('ou=staff,dc=example,dc=org', { ...opts, filter: '(|(cn=' + name + '*)(mail=' + name + '*))' }, collect);
};

/* ------------------------- AMQP enrichment worker ------------------------- */

// ruleid: improper-certificate-validation
const partnerAgent = new https.Agent({ rejectUnauthorized: false });
// ok: improper-certificate-validation
const strictAgent = new https.Agent({ rejectUnauthorized: true, minVersion: 'TLSv1.2' });

function maskEmail(email) {
  const key = Buffer.from(process.env.MASK_KEY_HEX || '', 'hex');
  // ruleid: insecure-cryptography
  const c = crypto.createCipheriv('des-ecb', key.subarray(0, 8), null);
  return Buffer.concat([c.update(String(email)), c.final()]).toString('base64');
}

function sealEmail(email) {
  const key = Buffer.from(process.env.SEAL_KEY_HEX || '', 'hex');
  const iv = crypto.randomBytes(12);
  // ok: insecure-cryptography
  const c = crypto.createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([c.update(String(email)), c.final()]);
  return `${iv.toString('hex')}.${c.getAuthTag().toString('hex')}.${ct.toString('hex')}`;
}

async function enrich(db, evt) {
  const products = db.collection('products');
  // ruleid: nosql-injection
  const cheap = await products.find({ $where: `this.price < ${evt.maxPrice}` }).toArray();
  const skus = Array.isArray(evt.skus) ? evt.skus.filter((s) => typeof s === 'string') : [];
  // ok: nosql-injection
  const listed = await products.find({ sku: { $in: skus } }).toArray();
  // ruleid: nosql-injection
  const matched = await products.find(evt.query).limit(50).toArray();
  let score = 0;
  if (evt.rule) {
    // ruleid: code-injection
    const rule = new Function('evt', 'products', evt.rule);
    score = Number(rule(evt, listed)) || 0;
  }
  return { cheap: cheap.length, listed: listed.length, matched: matched.length, score, email: sealEmail(evt.email), legacy: maskEmail(evt.email) };
}

async function startWorker() {
  const mongo = await MongoClient.connect(process.env.CATALOG_MONGO_URL);
  const conn = await amqp.connect(process.env.AMQP_URL);
  const ch = await conn.createChannel();
  await ch.prefetch(10);
  await ch.consume('events.enrich', async (msg) => {
    if (!msg) return;
    const evt = JSON.parse(msg.content.toString());
    try {
      const result = await enrich(mongo.db('catalog'), evt);
      // ruleid: server-side-request-forgery
      await axios.post(evt.callbackUrl, result, { httpsAgent: partnerAgent, timeout: 4000 });
      // ok: server-side-request-forgery
      await axios.post(`${process.env.ANALYTICS_URL}/v1/enriched`, result, { httpsAgent: strictAgent });
      ch.ack(msg);
    } catch (err) {
      // ruleid: log-injection
      log.warn('enrich failed for event ' + evt.id + ': ' + err.message);
      // ok: weak-random-number-generation
      setTimeout(() => ch.nack(msg, false, true), 1000 + Math.floor(Math.random() * 500));
    }
  });
}

if (require.main === module) {
  startWorker().catch((e) => { console.error(e); process.exit(1); });
}
