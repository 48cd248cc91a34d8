import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { S3Client, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { SSMClient, GetParameterCommand } from '@aws-sdk/client-ssm';
import { fromEnv } from '@aws-sdk/credential-providers';
import { Pool } from 'pg';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import fetch from 'node-fetch';
import axios from 'axios';
import * as serialize from 'node-serialize';
import yaml from 'js-yaml';
import escapeHtml from 'escape-html';

const region = process.env.AWS_REGION ?? 'eu-west-1';
const INSECURE_TLS = false;
const CARRIER_HOSTS = ['api.carrier-one.com', 'tracking.carrier-two.net'];

// ruleid: hardcoded-credentials
const s3 = new S3Client({ region, credentials: { accessKeyId: 'AKIAZ4X7Q2EXAMPLE7QF', secretAccessKey: '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' } });
// ok: hardcoded-credentials
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region, credentials: fromEnv() }));
const ssm = new SSMClient({ region });
// ruleid: improper-certificate-validation
const pool = new Pool({ connectionString: process.env.ORDERS_DB_URL, ssl: { rejectUnauthorized: false }, max: 4 });
// ok: improper-certificate-validation
const carrierAgent = new https.Agent({ ca: readFileSync('/opt/certs/carrier-ca.pem'), rejectUnauthorized: true, keepAlive: true });
// ok: improper-certificate-validation
const partnerAgent = new https.Agent({ rejectUnauthorized: !INSECURE_TLS });
// ruleid: hardcoded-credentials
const WAREHOUSE_API_TOKEN = 'whk_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0';

let stripeKey: string | undefined;
async function paymentKey(): Promise<string> {
  if (!stripeKey) {
    // ok: hardcoded-credentials
    const out = await ssm.send(new GetParameterCommand({ Name: '/orders/stripe/secret', WithDecryption: true }));
    stripeKey = out.Parameter?.Value ?? '';
  }
  return stripeKey;
}

const json = (statusCode: number, body: unknown): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

function customerClause(q: Record<string, string | undefined>): string {
  const parts: string[] = [];
  if (q.status) parts.push(`status = '${q.status}'`);
  if (q.country) parts.push(`ship_country = '${q.country}'`);
  return parts.length ? 'WHERE ' + parts.join(' AND ') : '';
}

export async function listOrders(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const qs = event.queryStringParameters ?? {};
  const customer = event.pathParameters?.customerId ?? '';
  // ruleid: log-injection
  console.log(`listOrders customer=${customer} status=${qs.status}`);
  // ruleid: sql-injection
  const a = await pool.query(`SELECT id, total FROM orders WHERE customer_id = '${customer}' ORDER BY created_at DESC`);
  // ok: sql-injection
  const b = await pool.query('SELECT id, total FROM orders WHERE customer_id = $1 AND archived = $2', [customer, false]);
  // ruleid: sql-injection
  const c = await pool.query('SELECT count(*) FROM orders ' + customerClause(qs));
  return json(200, { recent: a.rows, active: b.rows, count: c.rows[0] });
}

export async function getOrder(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const id = Number(event.pathParameters?.id);
  if (Number.isNaN(id)) return json(400, { error: 'id' });
  // ok: log-injection
  console.info('getOrder id=%d', id);
  try {
    // ok: sql-injection
    const r = await pool.query(`SELECT * FROM orders WHERE id = ${id}`);
    const item = await ddb.send(new GetCommand({ TableName: 'order-notes', Key: { orderId: String(id) } }));
    return json(200, { order: r.rows[0], notes: item.Item?.notes ?? [] });
  } catch (e) {
    const err = e as Error;
    console.error('getOrder failed', err);
    // ruleid: stack-trace-exposure
    return { statusCode: 500, body: JSON.stringify({ error: err.message, stack: err.stack }) };
  }
}

export async function trackShipment(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const url = event.queryStringParameters?.trackingUrl ?? '';
  const host = new URL(url).hostname;
  if (CARRIER_HOSTS.includes(host)) {
    // ok: server-side-request-forgery
    const resp = await fetch(url, { agent: carrierAgent });
    return json(200, await resp.json());
  }
  if (host.endsWith('carrier-three.io')) {
    // ruleid: server-side-request-forgery
    const resp = await axios.get(url, { httpsAgent: partnerAgent, timeout: 4000 });
    return json(200, resp.data);
  }
  return json(400, { error: 'unsupported carrier' });
}

export async function notifyWarehouse(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const payload = JSON.parse(event.body ?? '{}') as { callback: string; orderId: string };
  // ruleid: improper-certificate-validation
  const agent = new https.Agent({ rejectUnauthorized: false });
  // ok: server-side-request-forgery
  await axios.post('https://warehouse.internal.example.com/v1/pick', { orderId: payload.orderId }, { headers: { Authorization: `Bearer ${process.env.WAREHOUSE_TOKEN}` }, httpsAgent: agent });
  // ruleid: server-side-request-forgery
  await fetch(payload.callback, { method: 'POST', body: JSON.stringify({ orderId: payload.orderId, state: 'queued' }) });
  return json(202, { queued: true, token: WAREHOUSE_API_TOKEN.length > 0, key: (await paymentKey()).length > 0 });
}

export async function importCart(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const body = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : event.body ?? '';
  const kind = event.headers['content-type'] ?? '';
  if (kind.includes('yaml')) {
    // ok: untrusted-deserialization
    const cart = yaml.load(body, { schema: yaml.CORE_SCHEMA });
    return json(200, { items: Array.isArray((cart as any)?.items) ? (cart as any).items.length : 0 });
  }
  // ruleid: untrusted-deserialization
  const cart = serialize.unserialize(body);
  await s3.send(new PutObjectCommand({ Bucket: 'carts-imported', Key: `${Date.now()}.json`, Body: JSON.stringify(cart) }));
  return json(200, { imported: true });
}

export async function receipt(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const name = event.queryStringParameters?.name ?? 'customer';
  const obj = await s3.send(new GetObjectCommand({ Bucket: 'order-receipts', Key: 'template.html' }));
  const tpl = (await obj.Body?.transformToString()) ?? '';
  if (event.queryStringParameters?.raw === '1') {
    // ruleid: cross-site-scripting
    return { statusCode: 200, headers: { 'Content-Type': 'text/html' }, body: `<p>Thanks, ${name}!</p>` };
  }
  // ok: cross-site-scripting
  return { statusCode: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: tpl.replace('{{name}}', escapeHtml(name)) };
}

export async function checkoutDone(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const next = event.queryStringParameters?.next ?? '/';
  if (next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')) {
    // ok: open-redirect
    return { statusCode: 302, headers: { Location: next }, body: '' };
  }
  const ret = event.queryStringParameters?.return_url ?? '';
  // ruleid: open-redirect
  return { statusCode: 302, headers: { Location: ret || 'https://shop.example.com/' }, body: '' };
}

export async function legacyPing(): Promise<APIGatewayProxyResult> {
  if (INSECURE_TLS) {
    // ok: improper-certificate-validation
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
  }
  try {
    // ok: server-side-request-forgery
    const r = await fetch('https://status.carrier-one.com/health', { agent: partnerAgent });
    return json(200, { up: r.ok });
  } catch {
    // ok: stack-trace-exposure
    return json(502, { error: 'carrier status unavailable' });
  }
}
