"use strict";

const Koa = require("koa");
const Router = require("@koa/router");
const bodyParser = require("koa-bodyparser");
const axios = require("axios");
const vm = require("vm");
const serialize = require("node-serialize");
const libxmljs = require("libxmljs");
const { MongoClient } = require("mongodb");
const pino = require("pino");

const logger = pino();
const client = new MongoClient(process.env.MONGO_URL || "mongodb://localhost:27017");
const products = client.db("catalog").collection("products");

const SUPPLIER_FEEDS = {
  acme: "https://feeds.acme.example/catalog.json",
  globex: "https://api.globex.example/v1/catalog",
};

const router = new Router({ prefix: "/catalog" });

router.post("/search", async (ctx) => {
  const { filter } = ctx.request.body;
  // ruleid: nosql-injection
  ctx.body = await products.find(filter).limit(50).toArray();
});

router.post("/by-sku", async (ctx) => {
  const sku = String(ctx.request.body.sku);
  // ok: nosql-injection
  ctx.body = await products.findOne({ sku: sku });
});

router.get("/by-vendor", async (ctx) => {
  const vendor = ctx.query.vendor;
  // ruleid: nosql-injection
  ctx.body = await products.find({ $where: "this.vendor == '" + vendor + "'" }).toArray();
});

router.post("/price-rule", async (ctx) => {
  const rule = ctx.request.body.rule;
  // ruleid: code-injection
  const fn = new Function("price", "qty", "return " + rule);
  ctx.body = { total: fn(100, 2) };
});

router.post("/price-rule/sandbox", async (ctx) => {
  const expr = ctx.request.body.expr;
  // ruleid: code-injection
  const total = vm.runInNewContext(expr, { price: 100, qty: 2 });
  ctx.body = { total };
});

router.post("/price-rule/json", async (ctx) => {
  // ok: code-injection
  const rule = JSON.parse(ctx.request.body.rule);
  ctx.body = { total: 100 * (rule.multiplier || 1) };
});

router.get("/feeds/preview", async (ctx) => {
  const target = ctx.query.url;
  // ruleid: server-side-request-forgery
  const resp = await axios.get(target, { timeout: 5000 });
  ctx.body = { status: resp.status, size: JSON.stringify(resp.data).length };
});

router.get("/feeds/:supplier", async (ctx) => {
  const url = SUPPLIER_FEEDS[ctx.params.supplier];
  if (!Object.prototype.hasOwnProperty.call(SUPPLIER_FEEDS, ctx.params.supplier)) {
    ctx.throw(404, "unknown supplier");
  }
  // ok: server-side-request-forgery
  const resp = await axios.get(url, { timeout: 5000 });
  ctx.body = resp.data;
});

router.post("/wishlist/restore", async (ctx) => {
  const state = ctx.cookies.get("wishlist");
  // ruleid: untrusted-deserialization
  const wishlist = serialize.unserialize(Buffer.from(state, "base64").toString());
  ctx.body = { items: wishlist.items };
});

router.post("/wishlist/restore-v2", async (ctx) => {
  const state = ctx.cookies.get("wishlist_v2") || "e30=";
  // ok: untrusted-deserialization
  const wishlist = JSON.parse(Buffer.from(state, "base64").toString());
  ctx.body = { items: wishlist.items || [] };
});

router.post("/import/xml", async (ctx) => {
  const xml = ctx.request.rawBody;
  // ruleid: xml-external-entity
  const doc = libxmljs.parseXml(xml, { noent: true, dtdload: true });
  ctx.body = { products: doc.find("//product").length };
});

router.post("/import/xml-v2", async (ctx) => {
  const xml = ctx.request.rawBody;
  // ok: xml-external-entity
  const doc = libxmljs.parseXml(xml, { noent: false, dtdload: false, nonet: true });
  ctx.body = { products: doc.find("//product").length };
});

router.post("/reviews", async (ctx) => {
  const author = ctx.get("x-review-author");
  // ruleid: log-injection
  console.log("new review submitted by " + author);
  // ok: log-injection
  logger.info({ author: JSON.stringify(author) }, "review stored");
  ctx.status = 201;
});

const app = new Koa();
app.use(bodyParser({ enableTypes: ["json", "form", "text", "xml"] }));
app.use(router.routes()).use(router.allowedMethods());

module.exports = app;
