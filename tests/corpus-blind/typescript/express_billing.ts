import express, { Request, Response, NextFunction } from "express";
import knexFactory from "knex";
import mongoose, { Schema } from "mongoose";
import yaml from "js-yaml";
import axios from "axios";
import https from "https";
import fs from "fs";
import pino from "pino";

const knex = knexFactory({ client: "pg", connection: process.env.DATABASE_URL });
const log = pino({ name: "billing" });

interface InvoiceDoc {
  customer: string;
  amount: number;
  status: string;
}
const Invoice = mongoose.model<InvoiceDoc>("Invoice", new Schema<InvoiceDoc>({ customer: String, amount: Number, status: String }));

const legacyHttp = axios.create({
  baseURL: "https://legacy-billing.internal.example.com",
  // ruleid: improper-certificate-validation
  httpsAgent: new https.Agent({ rejectUnauthorized: false }),
});

const billingHttp = axios.create({
  baseURL: "https://billing.internal.example.com",
  // ok: improper-certificate-validation
  httpsAgent: new https.Agent({ ca: fs.readFileSync("/etc/ssl/certs/billing-ca.pem") }),
});

const SORTABLE = new Set(["created_at", "amount", "due_date"]);

export const router = express.Router();
router.use(express.json());
router.use(express.text({ type: ["application/yaml", "text/yaml"] }));

router.get("/invoices", async (req: Request, res: Response, next: NextFunction) => {
  try {
    const customer = req.query.customer as string;
    // ruleid: sql-injection
    const rows = await knex.raw("SELECT id, amount FROM invoices WHERE customer_id = '" + customer + "'");
    res.json(rows.rows);
  } catch (e) {
    next(e);
  }
});

router.get("/invoices/sorted", async (req: Request, res: Response, next: NextFunction) => {
  try {
    const sort = String(req.query.sort);
    const column = SORTABLE.has(sort) ? sort : "created_at";
    // ok: sql-injection
    const rows = await knex.raw(`SELECT id, amount FROM invoices WHERE customer_id = ? ORDER BY ${column} DESC`, [String(req.query.customer)]);
    res.json(rows.rows);
  } catch (e) {
    next(e);
  }
});

router.get("/archive/invoices", async (req: Request, res: Response) => {
  const customer = req.query.customer as string;
  // ruleid: nosql-injection
  const docs = await Invoice.find({ customer: customer, status: "archived" }).lean();
  res.json(docs);
});

router.get("/archive/invoices/v2", async (req: Request, res: Response) => {
  const customer = typeof req.query.customer === "string" ? req.query.customer : "";
  // ok: nosql-injection
  const docs = await Invoice.find({ customer: customer, status: "archived" }).lean();
  res.json(docs);
});

router.post("/plans/import", (req: Request, res: Response) => {
  // ruleid: untrusted-deserialization
  const plan = yaml.load(req.body as string, { schema: yaml.DEFAULT_FULL_SCHEMA }) as Record<string, unknown>;
  res.json({ keys: Object.keys(plan) });
});

router.post("/plans/import/v2", (req: Request, res: Response) => {
  // ok: untrusted-deserialization
  const plan = yaml.load(req.body as string, { schema: yaml.JSON_SCHEMA }) as Record<string, unknown>;
  res.json({ keys: Object.keys(plan) });
});

router.get("/receipts/:id", async (req: Request, res: Response) => {
  const upstream = await legacyHttp.get(`/receipts/${encodeURIComponent(req.params.id)}`);
  const summary = await billingHttp.get(`/receipts/${encodeURIComponent(req.params.id)}/summary`);
  res.json({ receipt: upstream.data, summary: summary.data });
});

router.get("/receipts/:id/print", (req: Request, res: Response) => {
  res.setHeader("Content-Type", "text/html; charset=utf-8");
  const memo = req.query.memo ?? "";
  // ruleid: cross-site-scripting
  res.write("<section class='memo'>" + memo + "</section>");
  // ok: cross-site-scripting
  res.write("<footer>Receipt #" + Number.parseInt(req.params.id, 10) + "</footer>");
  res.end();
});

router.post("/payments/webhook", (req: Request, res: Response) => {
  const source = req.get("x-webhook-source") ?? "unknown";
  // ruleid: log-injection
  log.info("payment webhook received from " + source);
  const clean = source.replace(/[^\w.-]/g, "?");
  // ok: log-injection
  log.info("payment webhook source=" + clean);
  res.sendStatus(202);
});

export function configureLegacyTls(): void {
  if (process.env.BILLING_ENV === "sandbox") {
    // ruleid: improper-certificate-validation
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
  }
}

export default router;
