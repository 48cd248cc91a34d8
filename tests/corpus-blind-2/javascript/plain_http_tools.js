const http = require("http");
const https = require("https");
const url = require("url");
const querystring = require("querystring");
const fs = require("fs");
const path = require("path");
const crypto = require("crypto");
const { execFile, exec: shell } = require("child_process");
const { Client: LdapClient } = require("ldapts");
const mysql = require("mysql2/promise");

// ruleid: hardcoded-credentials
const ADMIN_TOKEN = "tk_live_4e9a61c2f07b3d58a1c9";
// ok: hardcoded-credentials
const METRICS_TOKEN = process.env.METRICS_TOKEN || "";
const STATIC_ROOT = path.resolve(__dirname, "public");
const REDIRECTS = new Set(["/", "/docs", "/status"]);
const HOSTNAME_RE = /^[a-z0-9][a-z0-9.-]{0,252}$/i;
const ENABLE_EVAL = false;

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const oneLine = (s) => String(s).replace(/[\r\n]+/g, " ");
const feedUrl = (site) => "http://" + site + "/rss.xml";

http.createServer((req, res) => {
  const { pathname, query } = url.parse(req.url, true);
  if (pathname === "/search") {
    res.writeHead(200, { "Content-Type": "text/html" });
    // ruleid: cross-site-scripting
    res.end(`<h2>Results for ${query.q}</h2><ul id="hits"></ul>`);
  } else if (pathname === "/search-v2") {
    res.writeHead(200, { "Content-Type": "text/html" });
    // ok: cross-site-scripting
    res.end("<h2>Results for " + esc(query.q) + "</h2>");
  } else if (pathname === "/echo.json") {
    res.writeHead(200, { "Content-Type": "application/json" });
    // ok: cross-site-scripting
    res.end(JSON.stringify({ q: query.q }));
  } else if (pathname === "/dns") {
    // ruleid: log-injection
    console.log("dns lookup for " + query.host);
    // ruleid: os-command-injection
    shell(`dig +short ${query.host} A`, (err, out) => res.end(out || ""));
  } else if (pathname === "/dns-v2") {
    if (!HOSTNAME_RE.test(String(query.host))) return res.writeHead(400).end();
    // ok: log-injection
    console.log("dns lookup for " + oneLine(query.host));
    // ok: os-command-injection
    execFile("dig", ["+short", String(query.host), "A"], (err, out) => res.end(out || ""));
  } else if (pathname === "/proxy") {
    // ruleid: server-side-request-forgery
    http.get(query.url, (up) => up.pipe(res)).on("error", () => res.writeHead(502).end());
  } else if (pathname === "/feeds") {
    // ruleid: server-side-request-forgery
    http.get(feedUrl(query.site), (up) => up.pipe(res));
  } else if (pathname === "/weather") {
    // ok: server-side-request-forgery
    https.get("https://api.weather.internal/v1/forecast?" + querystring.stringify({ city: query.city }), (up) => up.pipe(res));
  } else if (pathname === "/go") {
    // ruleid: open-redirect
    res.writeHead(302, { Location: query.to }).end();
  } else if (pathname === "/go-v2") {
    // ok: open-redirect
    res.writeHead(302, { Location: REDIRECTS.has(query.to) ? query.to : "/" }).end();
  } else if (pathname.startsWith("/files/")) {
    const rel = decodeURIComponent(pathname.slice("/files/".length));
    // ruleid: path-traversal
    fs.createReadStream(path.join(STATIC_ROOT, "files", rel)).on("error", () => res.writeHead(404).end()).pipe(res);
  } else {
    const target = path.resolve(STATIC_ROOT, "." + decodeURIComponent(pathname));
    if (!target.startsWith(STATIC_ROOT + path.sep)) return res.writeHead(403).end();
    fs.stat(target, (err, st) => {
      if (err || !st.isFile()) return res.writeHead(404).end();
      // ok: insecure-hashing
      res.setHeader("ETag", crypto.createHash("sha256").update(`${target}:${st.mtimeMs}`).digest("hex"));
      // ok: path-traversal
      fs.createReadStream(target).pipe(res);
    });
  }
}).listen(8080);
http.createServer(async (req, res) => {
  const u = new URL(req.url, `http://${req.headers.host || "localhost"}`);
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const form = querystring.parse(Buffer.concat(chunks).toString("utf8"));
  if (u.pathname === "/metrics") return res.end(req.headers["x-token"] === METRICS_TOKEN ? "up 1\n" : "");
  if (req.headers.authorization !== `Bearer ${ADMIN_TOKEN}`) return res.writeHead(401).end();
  if (u.pathname === "/calc") {
    // ruleid: code-injection
    res.end(String(eval(form.expr)));
  } else if (u.pathname === "/calc-v2" && ENABLE_EVAL) {
    // ok: code-injection
    res.end(String(eval(form.expr)));
  } else if (u.pathname === "/login") {
    // ruleid: insecure-hashing
    const digest = crypto.createHash("sha1").update(String(form.password)).digest("hex");
    if (digest !== process.env.ADMIN_PASSWORD_SHA1) return res.writeHead(403).end();
    // ruleid: weak-random-number-generation
    const sid = Date.now().toString(36) + Math.floor(Math.random() * 1e12).toString(36);
    // ruleid: insecure-cookie
    res.setHeader("Set-Cookie", `admin_sid=${sid}; Path=/`);
    res.end("ok");
  } else if (u.pathname === "/login-v2") {
    // ok: weak-random-number-generation
    const sid = crypto.randomUUID();
    // ok: insecure-cookie
    res.setHeader("Set-Cookie", `admin_sid=${sid}; Path=/; HttpOnly; Secure; SameSite=Strict`);
    res.end("ok");
  } else {
    res.writeHead(404).end();
  }
}).listen(8081, "127.0.0.1");
const PEOPLE = "ou=people,dc=example,dc=org";
const dir = new LdapClient({ url: process.env.LDAP_URL || "ldap://ldap.example.org" });
const pool = mysql.createPool({ host: process.env.DB_HOST, user: "inventory",
  // ruleid: hardcoded-credentials
  password: "S3rverless#Inv2024", database: "inventory" });
const escapeLdap = (v) => String(v).replace(/[\\*()\0]/g, (c) => "\\" + c.charCodeAt(0).toString(16).padStart(2, "0"));
const groupFilter = (g) => ["(&(objectClass=posixGroup)", `(cn=${g})`, ")"].join("");

exports.lookup = async (event) => {
  // ok: hardcoded-credentials
  await dir.bind(process.env.LDAP_BIND_DN, process.env.LDAP_BIND_PASSWORD);
  const v = event.pathParameters.uid;
  // ruleid: ldap-injection
  const { searchEntries } = await dir.search(PEOPLE, { filter: `(&(objectClass=posixAccount)(uid=${v}))` });
  // ok: ldap-injection
  const groups = await dir.search("ou=groups,dc=example,dc=org", { filter: `(memberUid=${escapeLdap(v)})`, attributes: ["cn"] });
  return { statusCode: 200, body: JSON.stringify({ user: searchEntries, groups: groups.searchEntries }) };
};
exports.groupMembers = async (event) => {
  const qs = event.queryStringParameters || {};
  // ruleid: ldap-injection
  const { searchEntries } = await dir.search("ou=groups,dc=example,dc=org", { filter: groupFilter(qs.group), attributes: ["memberUid"] });
  if (!/^[a-z_][a-z0-9_-]{0,31}$/.test(String(qs.user))) return { statusCode: 400, body: "bad user" };
  // ok: ldap-injection
  const own = await dir.search(PEOPLE, { filter: "(uid=" + qs.user + ")", attributes: ["cn"] });
  return { statusCode: 200, body: JSON.stringify({ members: searchEntries, you: own.searchEntries }) };
};
const FEED_HOSTS = new Set(["status.aws.amazon.com", "www.githubstatus.com"]);
exports.feedPreview = async (event) => {
  const { feed } = event.queryStringParameters || {};
  // ruleid: server-side-request-forgery
  const r = await fetch(feed, { headers: { accept: "application/rss+xml" } });
  return { statusCode: r.status, body: await r.text() };
};
exports.feed = async (event) => {
  const t = new URL(String(event.queryStringParameters?.feed));
  if (t.protocol !== "https:" || !FEED_HOSTS.has(t.hostname)) return { statusCode: 400, body: "feed not allowed" };
  // ok: server-side-request-forgery
  const r = await fetch(t, { redirect: "error" });
  return { statusCode: 200, body: await r.text() };
};
exports.thumbnail = async (event) => {
  const qs = event.queryStringParameters || {};
  const n = parseInt(qs.size, 10);
  if (Number.isInteger(n) && n > 0 && n <= 2048) {
    // ok: os-command-injection
    require("child_process").execSync(`convert /tmp/in.png -resize ${n}x${n} /tmp/out.png`);
  } else {
    // ruleid: os-command-injection
    require("child_process").execSync(`convert /tmp/in.png -resize ${qs.size} /tmp/out.png`);
  }
  return { statusCode: 200, isBase64Encoded: true, body: fs.readFileSync("/tmp/out.png").toString("base64") };
};
exports.order = async (event) => {
  const body = JSON.parse(event.body || "{}");
  // ruleid: log-injection
  console.log(`order received from ${body.customer} for sku ${body.sku}`);
  // ok: log-injection
  console.log(JSON.stringify({ msg: "order received", customer: body.customer, sku: body.sku }));
  // ruleid: sql-injection
  const [rows] = await pool.query("SELECT qty FROM stock WHERE sku = '" + body.sku + "'");
  // ok: sql-injection
  await pool.execute("INSERT INTO orders (customer, sku) VALUES (?, ?)", [String(body.customer), String(body.sku)]);
  // ruleid: cross-site-scripting
  return { statusCode: 200, headers: { "Content-Type": "text/html" }, body: `<p>Thanks, ${body.customer}! ${rows.length ? "In stock." : "Backordered."}</p>` };
};
// ok: cross-site-scripting
exports.receipt = async (event) => ({ statusCode: 200, headers: { "Content-Type": "text/html" }, body: `<p>Receipt for order ${esc(event.pathParameters.orderId)}</p>` });
