"use strict";

const { Pool } = require("pg");
const crypto = require("crypto");
const { randomInt } = require("crypto");
const { S3Client, GetObjectCommand } = require("@aws-sdk/client-s3");

const legacyPool = new Pool({
  host: "billing-db.internal",
  user: "billing",
  // ruleid: hardcoded-credentials
  password: "b1ll1ng-Pa55!",
  database: "billing",
});

const pool = new Pool({
  host: process.env.PGHOST,
  user: process.env.PGUSER,
  // ok: hardcoded-credentials
  password: process.env.PGPASSWORD,
  database: "billing",
});

const s3 = new S3Client({});
const INVOICE_KEY = Buffer.from(process.env.INVOICE_KEY_HEX || "", "hex");
const LEGACY_KEY = Buffer.from(process.env.LEGACY_KEY_HEX || "", "hex");

const json = (statusCode, body, headers = {}) => ({
  statusCode,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

exports.getInvoice = async (event) => {
  const id = event.pathParameters.invoiceId;
  // ok: sql-injection
  const { rows } = await pool.query("SELECT id, amount, currency FROM invoices WHERE id = $1", [id]);
  return json(200, rows[0] || {});
};

exports.searchInvoices = async (event) => {
  const qs = event.queryStringParameters || {};
  const clauses = [];
  clauses.push("customer = '" + qs.customer + "'");
  clauses.push("status = 'open'");
  const text = "SELECT id, amount FROM invoices WHERE " + clauses.join(" AND ");
  // ruleid: sql-injection
  const { rows } = await legacyPool.query(text);
  return json(200, rows);
};

exports.monthlyTotals = async (event) => {
  const opts = { month: event.queryStringParameters.month, table: "invoice_totals" };
  // ok: sql-injection
  const summary = await pool.query(`SELECT month, total FROM ${opts.table} WHERE month = $1`, [opts.month]);
  // ruleid: sql-injection
  const detail = await pool.query(`SELECT * FROM invoice_lines WHERE month = '${opts.month}'`);
  return json(200, { summary: summary.rows, lines: detail.rowCount });
};

exports.sealCardNote = async (event) => {
  const { note } = JSON.parse(event.body);
  // ruleid: insecure-cryptography
  const legacy = crypto.createCipheriv("des-ede3-cbc", LEGACY_KEY, crypto.randomBytes(8));
  const legacySealed = Buffer.concat([legacy.update(note, "utf8"), legacy.final()]);
  const iv = crypto.randomBytes(12);
  // ok: insecure-cryptography
  const gcm = crypto.createCipheriv("aes-256-gcm", INVOICE_KEY, iv);
  const sealed = Buffer.concat([gcm.update(note, "utf8"), gcm.final()]);
  return json(200, { legacy: legacySealed.toString("base64"), sealed: sealed.toString("base64"), iv: iv.toString("hex"), tag: gcm.getAuthTag().toString("hex") });
};

exports.apiKeyDigest = async (event) => {
  const apiKey = event.headers["x-api-key"];
  // ruleid: insecure-hashing
  const digest = crypto.createHash("sha1").update(apiKey).digest("hex");
  const { rowCount } = await pool.query("SELECT 1 FROM api_keys WHERE key_hash = $1", [digest]);
  return json(rowCount ? 200 : 401, { valid: rowCount > 0 });
};

exports.invoicePdf = async (event) => {
  const id = event.pathParameters.invoiceId;
  if (!/^[0-9]{1,12}$/.test(id)) {
    return json(400, { error: "bad id" });
  }
  const obj = await s3.send(new GetObjectCommand({ Bucket: "invoices", Key: `pdf/${id}.pdf` }));
  const pdf = Buffer.from(await obj.Body.transformToByteArray());
  // ok: insecure-hashing
  const etag = crypto.createHash("md5").update(pdf).digest("hex");
  return { statusCode: 200, isBase64Encoded: true, headers: { "content-type": "application/pdf", etag: `"${etag}"` }, body: pdf.toString("base64") };
};

exports.issueVoucher = async (event) => {
  const { customer } = JSON.parse(event.body);
  // ruleid: weak-random-number-generation
  const code = Math.floor(Math.random() * 1e10).toString(36).toUpperCase();
  // ok: weak-random-number-generation
  const pin = String(randomInt(0, 1000000)).padStart(6, "0");
  await pool.query("INSERT INTO vouchers (customer, code, pin) VALUES ($1, $2, $3)", [customer, code, pin]);
  return json(201, { code });
};
