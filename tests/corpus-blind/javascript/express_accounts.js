"use strict";

const express = require("express");
const path = require("path");
const crypto = require("crypto");
const mysql = require("mysql2");
const { exec: run, execFile } = require("child_process");
const escapeHtml = require("escape-html");

const app = express();
app.use(express.urlencoded({ extended: false }));
app.use(express.json());

const pool = mysql.createPool({
  host: process.env.DB_HOST,
  user: process.env.DB_USER,
  password: process.env.DB_PASSWORD,
  database: "accounts",
});

const EXPORT_DIR = "/srv/portal/exports";
const REPORT_TYPES = new Set(["usage", "billing", "audit"]);
const SAFE_RETURN_PATHS = ["/", "/dashboard", "/settings"];
const TIPS = ["Enable 2FA", "Review your API keys", "Invite a teammate", "Export your data"];

function byEmailQuery(email) {
  return "SELECT id, display_name FROM accounts WHERE email = '" + email + "'";
}

app.get("/accounts/search", (req, res, next) => {
  const sql = byEmailQuery(req.query.email);
  // ruleid: sql-injection
  pool.query(sql, (err, rows) => (err ? next(err) : res.json(rows)));
});

app.get("/accounts/:id", (req, res, next) => {
  // ok: sql-injection
  pool.query("SELECT id, display_name FROM accounts WHERE id = ?", [req.params.id], (err, rows) => (err ? next(err) : res.json(rows)));
});

app.post("/reports/run", (req, res) => {
  const kind = req.body.kind;
  // ruleid: os-command-injection
  run(`/opt/reports/bin/run-report --kind ${kind}`, (err, stdout) => res.type("text/plain").send(err ? "failed" : stdout));
});

app.post("/reports/run-v2", (req, res) => {
  const kind = req.body.kind;
  if (!REPORT_TYPES.has(kind)) {
    return res.status(400).send("unknown report");
  }
  // ok: os-command-injection
  run("/opt/reports/bin/run-report --kind " + kind, (err, stdout) => res.type("text/plain").send(err ? "failed" : stdout));
});

app.post("/reports/run-v3", (req, res) => {
  // ok: os-command-injection
  execFile("/opt/reports/bin/run-report", ["--kind", String(req.body.kind)], (err, stdout) => res.type("text/plain").send(err ? "failed" : stdout));
});

app.get("/exports/download", (req, res) => {
  const file = path.join(EXPORT_DIR, req.query.name);
  // ruleid: path-traversal
  res.sendFile(file);
});

app.get("/exports/files/:name", (req, res) => {
  // ok: path-traversal
  res.sendFile(req.params.name, { root: EXPORT_DIR, dotfiles: "deny" });
});

app.get("/welcome", (req, res) => {
  const name = req.query.name || "friend";
  // ruleid: cross-site-scripting
  res.send("<h1>Welcome, " + name + "!</h1>");
});

app.get("/welcome-v2", (req, res) => {
  const name = req.query.name || "friend";
  // ok: cross-site-scripting
  res.send("<h1>Welcome, " + escapeHtml(name) + "!</h1>");
});

app.get("/login/return", (req, res) => {
  // ruleid: open-redirect
  res.redirect(req.query.returnTo);
});

app.get("/logout/return", (req, res) => {
  const dest = req.query.returnTo;
  // ok: open-redirect
  res.redirect(SAFE_RETURN_PATHS.includes(dest) ? dest : "/");
});

app.post("/session", (req, res) => {
  const user = req.body.username;
  // ruleid: weak-random-number-generation
  const sid = Math.random().toString(36).slice(2) + Date.now().toString(36);
  // ruleid: insecure-cookie
  res.cookie("sid", sid, { httpOnly: false, secure: false });
  res.json({ user });
});

app.post("/session/v2", (req, res) => {
  const user = req.body.username;
  // ok: weak-random-number-generation
  const sid = crypto.randomBytes(32).toString("hex");
  // ok: insecure-cookie
  res.cookie("sid", sid, { httpOnly: true, secure: true, sameSite: "strict" });
  res.json({ user });
});

app.get("/tips", (req, res) => {
  // ok: weak-random-number-generation
  const tip = TIPS[Math.floor(Math.random() * TIPS.length)];
  res.json({ tip });
});

app.post("/accounts/password", (req, res, next) => {
  // ruleid: insecure-hashing
  const hash = crypto.createHash("md5").update(req.body.password).digest("hex");
  pool.query("UPDATE accounts SET pw = ? WHERE id = ?", [hash, req.body.id], (err) => (err ? next(err) : res.sendStatus(204)));
});

app.post("/accounts/password-v2", (req, res, next) => {
  const salt = crypto.randomBytes(16);
  // ok: insecure-hashing
  const hash = crypto.scryptSync(req.body.password, salt, 64).toString("hex");
  pool.query("UPDATE accounts SET pw = ?, salt = ? WHERE id = ?", [hash, salt.toString("hex"), req.body.id], (err) => (err ? next(err) : res.sendStatus(204)));
});

module.exports = app;
