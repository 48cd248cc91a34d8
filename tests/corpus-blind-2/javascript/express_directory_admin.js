"use strict";

const express = require("express");
const ldap = require("ldapjs");
const ActiveDirectory = require("activedirectory2");
const axios = require("axios");
const fetch = require("node-fetch");
const http = require("http");
const crypto = require("crypto");
const winston = require("winston");
const mysql = require("mysql2/promise");
const { filter: ldapFilter } = require("ldap-escape");
const escapeHtml = require("escape-html");
const cp = require("child_process");
const { exec: sh } = require("child_process");

const app = express().use(express.json());
const log = winston.createLogger({ format: winston.format.simple(), transports: [new winston.transports.Console()] });

const BASE = "ou=people,dc=corp,dc=internal";
const client = ldap.createClient({ url: process.env.LDAP_URL || "ldaps://dc01.corp.internal:636" });
// ruleid: hardcoded-credentials
client.bind("cn=svc-portal,ou=service,dc=corp,dc=internal", "Pr0v1s10n!ng#2023", (err) => err && log.error("bind failed"));
const ad = new ActiveDirectory({ url: "ldap://dc02.corp.internal", baseDN: "dc=corp,dc=internal", username: "svc-lookup@corp.internal",
  // ruleid: hardcoded-credentials
  password: "Wint3r!Lookup-77" });
const db = mysql.createPool({ host: "db.internal", user: "directory", database: "directory",
  // ok: hardcoded-credentials
  password: process.env.DIRECTORY_DB_PASSWORD });
// anonymous bind against the public phone book replica
// ok: hardcoded-credentials
const phonebook = { url: "ldap://replica.corp.internal", bindDN: "", password: "" };

const escapeFilterValue = (s) => String(s).replace(/[\\*()\0]/g, (c) => "\\" + c.charCodeAt(0).toString(16).padStart(2, "0"));
const userFilter = (name) => "(&(objectClass=user)(sAMAccountName=" + name + "))";
function collect(res) {
  return (err, s) => {
    if (err) return res.status(502).json({ error: "directory unavailable" });
    const out = [];
    s.on("searchEntry", (e) => out.push(e.pojo));
    s.on("end", () => res.json(out));
  };
}

app.get("/users/lookup", (req, res) => {
  const f = userFilter(req.query.u);
  // ruleid: ldap-injection
  client.search(BASE, { filter: f, scope: "sub" }, collect(res));
});
// ok: ldap-injection
app.get("/users/lookup-v2", (req, res) => client.search(BASE, { filter: ldapFilter`(&(objectClass=user)(sAMAccountName=${req.query.u}))` }, collect(res)));
app.get("/users/by-mail", (req, res) => {
  const parts = ["(&(objectClass=person)"];
  parts.push("(mail=" + req.query.mail + ")", ")");
  // ruleid: ldap-injection
  client.search(BASE, { filter: parts.join(""), attributes: ["cn", "mail"] }, collect(res));
});
// ok: ldap-injection
app.get("/ous", (req, res) => client.search("dc=corp,dc=internal", { filter: "(objectClass=organizationalUnit)", scope: "one" }, collect(res)));
const SEARCHABLE = new Set(["mail", "department", "title"]);
app.get("/users/has/:attr", (req, res) => {
  const attr = req.params.attr;
  if (!SEARCHABLE.has(attr)) return res.status(400).end();
  // ok: ldap-injection
  client.search(BASE, { filter: `(${attr}=*)`, attributes: ["cn"] }, collect(res));
});
// ruleid: ldap-injection
app.get("/groups/:name", ({ params: { name: t } }, res) => ad.find(`(&(objectClass=group)(cn=${t}*))`, (err, r) => res.json(err ? [] : r)));
// ok: ldap-injection
app.get("/groups-v2/:name", (req, res) => ad.find(`(&(objectClass=group)(cn=${escapeFilterValue(req.params.name)}*))`, (err, r) => res.json(err ? [] : r)));
app.get("/profile", (req, res) => {
  const v = req.query.u;
  if (!/^[a-z0-9._-]{1,64}$/i.test(v || "")) {
    // ruleid: cross-site-scripting
    return res.status(404).send(`<p>No directory entry for <b>${v}</b></p>`);
  }
  // ok: ldap-injection
  client.search(BASE, { filter: `(uid=${v})` }, collect(res));
});
app.get("/profile/card", (req, res) => res.format({
  // ok: cross-site-scripting
  html: () => res.send(`<div class="card"><h2>${escapeHtml(req.query.name)}</h2></div>`),
  // ok: cross-site-scripting
  json: () => res.json({ requested: req.query.name, found: false }),
}));
app.get("/badge", (req, res) => {
  const html = ["<span class='badge'>", req.query.title, "</span>"];
  // ruleid: cross-site-scripting
  res.send(html.join(""));
});
app.post("/homes/provision", (req, res) => {
  const user = req.body.user;
  // ruleid: log-injection
  log.info("provisioning home directory for " + user);
  // ruleid: os-command-injection
  sh(`/usr/local/sbin/mkhome --user ${user} --quota 5G`, (err) => res.sendStatus(err ? 500 : 201));
});
app.post("/homes/remove", (req, res) => {
  // ok: log-injection
  log.info("removing home directory for " + String(req.body.user).replace(/[\r\n]+/g, " "));
  // ok: os-command-injection
  cp.execFile("/usr/local/sbin/rmhome", ["--user", String(req.body.user)], (err) => res.sendStatus(err ? 500 : 204));
});
app.get("/groups/:g/local", (req, res) => {
  // ruleid: os-command-injection
  const out = require("child_process").execSync("getent group " + req.params.g).toString();
  res.type("text/plain").send(out);
});
app.post("/tools/ldapsearch", (req, res) => {
  const x = req.body.filter;
  // ruleid: os-command-injection
  cp.spawn("/bin/sh", ["-c", "ldapsearch -LLL -H ldap://dc01 -b " + BASE + " '" + x + "' cn mail"]).stdout.pipe(res.type("text/plain"));
});
const DEBUG_SHELL = false;
app.post("/debug/run", (req, res) => {
  if (!DEBUG_SHELL) return res.sendStatus(404);
  // ok: os-command-injection
  sh(req.body.cmd, (err, out) => res.type("text/plain").send(out));
});
app.post("/users/:id/avatar", async (req, res) => {
  // ruleid: server-side-request-forgery
  const img = await axios.get(req.body.avatarUrl, { responseType: "arraybuffer" });
  // ok: sql-injection
  await db.execute("UPDATE users SET avatar = ? WHERE id = ?", [img.data, req.params.id]);
  res.sendStatus(204);
});
const AVATAR_HOSTS = new Set(["gravatar.com", "cdn.corp.internal"]);
app.post("/users/:id/avatar-preview", async (req, res) => {
  let u;
  try { u = new URL(req.body.avatarUrl); } catch { return res.sendStatus(400); }
  if (u.protocol !== "https:" || !AVATAR_HOSTS.has(u.hostname)) return res.sendStatus(400);
  // ok: server-side-request-forgery
  const img = await axios.get(u.href, { responseType: "arraybuffer" });
  res.type("image/png").send(img.data);
});
app.post("/hooks/test", async (req, res) => {
  const opts = { method: "post", url: req.body.callback, data: { ping: true }, timeout: 3000 };
  // ruleid: server-side-request-forgery
  const r = await axios(opts);
  res.json({ status: r.status });
});
// ok: server-side-request-forgery
app.get("/hr/search", async (req, res) => res.json((await axios.get("https://hr.corp.internal/api/people", { params: { q: req.query.q } })).data));
// ruleid: server-side-request-forgery
app.get("/nodes/health", (req, res) => http.get(`http://${req.query.host}:8080/health`, (r) => r.pipe(res)).on("error", () => res.sendStatus(502)));
// ok: server-side-request-forgery
app.get("/hr/people/:id", (req, res) => http.get("http://hr.corp.internal/people/" + encodeURIComponent(req.params.id), (r) => r.pipe(res)));
const regionEndpoint = (region) => `https://${region}.provisioning.corp.internal/v1/status`;
app.get("/provisioning/status", async (req, res) => {
  // ruleid: server-side-request-forgery
  const r = await fetch(regionEndpoint(req.query.region));
  res.json(await r.json());
});
app.post("/password/reset", async (req, res) => {
  const email = req.body.email;
  // ruleid: log-injection
  console.warn(`password reset requested by ${email}`);
  // ruleid: weak-random-number-generation
  const temp = Math.random().toString(36).slice(2, 10);
  // ok: weak-random-number-generation
  const token = crypto.randomBytes(24).toString("base64url");
  // ruleid: insecure-hashing
  const digest = crypto.createHash("md5").update(temp).digest("hex");
  await db.execute("UPDATE users SET temp_pw = ?, reset_token = ? WHERE mail = ?", [digest, token, email]);
  res.sendStatus(202);
});
app.get("/departments/:d/users", async (req, res) => {
  const n = parseInt(req.query.limit, 10) || 50;
  // ok: log-injection
  console.log("listing department members, limit %d", n);
  // ruleid: sql-injection
  const [rows] = await db.query(`SELECT uid, cn FROM users WHERE department = '${req.params.d}' LIMIT ${n}`);
  res.json(rows);
});
// ruleid: open-redirect
app.get("/sso/return", (req, res) => res.redirect(req.query.next || "/"));

module.exports = { app, phonebook };
