import Fastify, { FastifyReply, FastifyRequest } from "fastify";
import fastifyPostgres from "@fastify/postgres";
import fastifyCookie from "@fastify/cookie";
import got from "got";
import { createCipheriv, createHash, randomBytes } from "node:crypto";

const app = Fastify({ logger: true });
app.register(fastifyPostgres, { connectionString: process.env.DATABASE_URL });
app.register(fastifyCookie);

const WAREHOUSES: Record<string, string> = {
  north: "https://wh-north.internal.example.com",
  south: "https://wh-south.internal.example.com",
};
const SKU_RE = /^[A-Z]{3}-\d{4,8}$/;
const DATA_KEY = randomBytes(32);

type SkuParams = { Params: { sku: string } };
type StockQuery = { Querystring: { warehouse?: string; location?: string } };
type AdjustBody = { Body: { sku: string; formula: string; reason: string } };

app.get<SkuParams>("/inventory/:sku", async (req, reply) => {
  const client = await app.pg.connect();
  try {
    // ruleid: sql-injection
    const { rows } = await client.query("SELECT sku, qty, location FROM stock WHERE sku = '" + req.params.sku + "'");
    return rows;
  } finally {
    client.release();
  }
});

app.get<SkuParams>("/inventory/v2/:sku", async (req, reply) => {
  // ok: sql-injection
  const { rows } = await app.pg.query("SELECT sku, qty, location FROM stock WHERE sku = $1", [req.params.sku]);
  return rows;
});

app.get<StockQuery>("/inventory/remote", async (req, reply) => {
  const host = req.headers["x-warehouse-host"] as string;
  // ruleid: server-side-request-forgery
  const stock = await got(`https://${host}/api/stock`).json();
  return stock;
});

app.get<StockQuery>("/inventory/remote/v2", async (req, reply) => {
  const base = WAREHOUSES[req.query.warehouse ?? ""];
  if (base === undefined || !Object.hasOwn(WAREHOUSES, req.query.warehouse ?? "")) {
    return reply.code(404).send({ error: "unknown warehouse" });
  }
  // ok: server-side-request-forgery
  const stock = await got(`${base}/api/stock`).json();
  return stock;
});

app.post<AdjustBody>("/inventory/adjust", async (req, reply) => {
  const { sku, formula } = req.body;
  const current = 40;
  // ruleid: code-injection
  const next = eval(`(function (qty) { return ${formula}; })`)(current);
  return { sku, next };
});

app.post<AdjustBody>("/inventory/adjust/v2", async (req, reply) => {
  const { sku, formula } = req.body;
  const delta = Number.parseInt(formula, 10);
  if (!SKU_RE.test(sku) || Number.isNaN(delta)) {
    return reply.code(400).send({ error: "bad input" });
  }
  // ok: code-injection
  const next = eval("40") + delta;
  return { sku, next };
});

app.post<AdjustBody>("/inventory/adjust/seal", async (req, reply) => {
  const { reason } = req.body;
  // ruleid: insecure-cryptography
  const ecb = createCipheriv("aes-256-ecb", DATA_KEY, null);
  const legacy = Buffer.concat([ecb.update(reason, "utf8"), ecb.final()]).toString("base64");
  const nonce = randomBytes(12);
  // ok: insecure-cryptography
  const aead = createCipheriv("chacha20-poly1305", DATA_KEY, nonce, { authTagLength: 16 });
  const sealed = Buffer.concat([aead.update(reason, "utf8"), aead.final()]).toString("base64");
  return { legacy, sealed, nonce: nonce.toString("hex"), tag: aead.getAuthTag().toString("hex") };
});

app.post("/inventory/csrf", async (req: FastifyRequest, reply: FastifyReply) => {
  // ruleid: weak-random-number-generation
  const csrf = Math.random().toString(36).slice(2);
  // ruleid: insecure-hashing
  const stored = createHash("md5").update(csrf).digest("hex");
  // ok: weak-random-number-generation
  const apiToken = randomBytes(32).toString("hex");
  // ok: insecure-hashing
  const tokenDigest = createHash("sha256").update(apiToken).digest("hex");
  reply.setCookie("inv_csrf", csrf, { httpOnly: true, secure: true, sameSite: "strict" });
  return { stored, tokenDigest };
});

app.get("/inventory/picklist", async (req: FastifyRequest, reply: FastifyReply) => {
  const bins = ["A1", "A2", "B1", "B2", "C1"];
  // ok: weak-random-number-generation
  const start = Math.floor(Math.random() * bins.length);
  return { order: bins.slice(start).concat(bins.slice(0, start)) };
});

app.get("/inventory/back", async (req: FastifyRequest, reply: FastifyReply) => {
  const referer = req.headers.referer ?? "/inventory";
  // ruleid: open-redirect
  return reply.redirect(referer);
});

app.get<StockQuery>("/inventory/back/v2", async (req, reply) => {
  const location = req.query.location ?? "";
  // ok: open-redirect
  return reply.redirect(SKU_RE.test(location) ? `/inventory/${location}` : "/inventory");
});

export default app;
