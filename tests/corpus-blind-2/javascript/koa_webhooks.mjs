import Koa from "koa";
import Router from "@koa/router";
import bodyParser from "koa-bodyparser";
import * as cp from "node:child_process";
import { promisify } from "node:util";
import { createHmac, timingSafeEqual, webcrypto } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { request as httpGet } from "undici";
import got from "got";
import ldap from "ldapjs";
import he from "he";
import { MongoClient } from "mongodb";

const app = new Koa({ keys: [process.env.COOKIE_KEY], proxy: true });
const router = new Router({ prefix: "/integrations" });
const run = promisify(cp.exec);
const logger = console;

// ruleid: hardcoded-credentials
const GITHUB_SECRET = "9f3b27c1d8e04a6b5c2e7f1a0d9b8c43";
// ok: hardcoded-credentials
const CI_SECRET = process.env.CI_WEBHOOK_SECRET ?? "";
// bot token comes from the environment; the sample .env ships with "changeme"
// ok: hardcoded-credentials
const slackToken = process.env.SLACK_BOT_TOKEN;
// ruleid: hardcoded-credentials
const subs = new MongoClient("mongodb://hooks:Hk7pQ2xVr9wT@mongo-0.internal:27017/hooks?authSource=admin").db("hooks").collection("subscriptions");
const dir = ldap.createClient({ url: "ldaps://ldap.internal" });
const STAFF = "ou=staff,dc=example,dc=com";
const DEPLOYABLE = new Map([["billing-api", "/srv/apps/billing-api"], ["web", "/srv/apps/web"]]);
const PAYLOAD_DIR = "/var/lib/hooks/payloads";

function signedBy(secret, header, raw, sig = Buffer.from(String(header || ""))) {
  const want = Buffer.from("sha256=" + createHmac("sha256", secret).update(raw || "").digest("hex"));
  return sig.length === want.length && timingSafeEqual(sig, want);
}
const clean = (s) => String(s).replace(/[\r\n\u2028\u2029]/g, "_");
const renderError = (msg) => `<!doctype html><h1>Connection failed</h1><p>${msg}</p>`;
const ldapSafe = (v) => String(v).replace(/\\/g, "\\5c").replace(/\*/g, "\\2a").replace(/\(/g, "\\28").replace(/\)/g, "\\29").replace(/\0/g, "\\00");
const employeeFilter = (id) => `(&(objectClass=inetOrgPerson)(employeeNumber=${id}))`;
const onEntry = (err, r) => r && r.on("searchEntry", (e) => logger.info("matched", e.dn.toString()));
router.post("/github", async (ctx) => {
  const [evt, payload] = [ctx.get("x-github-event"), ctx.request.body];
  if (!signedBy(GITHUB_SECRET, ctx.get("x-hub-signature-256"), ctx.request.rawBody)) {
    // ruleid: log-injection
    logger.warn("signature mismatch for delivery from " + payload.sender?.login);
    ctx.throw(401);
  }
  // ok: log-injection
  logger.info("github event", JSON.stringify(evt), clean(payload.repository?.full_name));
  const cwd = DEPLOYABLE.get(payload.repository?.name);
  if (evt === "push" && cwd) {
    // ruleid: os-command-injection
    await run(`cd ${cwd} && git fetch origin && git checkout -f origin/${payload.ref.replace("refs/heads/", "")}`);
  }
  ctx.status = 202;
});
router.post("/github/deploy-v2", async (ctx) => {
  if (!signedBy(CI_SECRET, ctx.get("x-hub-signature-256"), ctx.request.rawBody)) ctx.throw(401);
  const { repository, ref } = ctx.request.body;
  const cwd = DEPLOYABLE.get(repository?.name);
  if (!cwd || !/^refs\/heads\/[\w./-]+$/.test(ref)) ctx.throw(400);
  // ok: os-command-injection
  cp.execFile("git", ["-C", cwd, "fetch", "origin", ref], (err) => err && logger.error("fetch failed"));
  ctx.status = 202;
});
router.post("/ci/image", async (ctx) => {
  const { image } = ctx.request.body;
  // ok: log-injection
  logger.info(`image pull requested, attempt ${Number.parseInt(ctx.query.attempt, 10) || 0}`);
  // ruleid: os-command-injection
  await run("docker pull " + image + " && docker image prune -f");
  ctx.body = { pulled: image };
});
router.post("/subscriptions/verify", async (ctx) => {
  // ruleid: server-side-request-forgery
  const r = await httpGet(ctx.request.body.url, { method: "POST", body: JSON.stringify({ type: "url_verification" }) });
  ctx.body = { reachable: r.statusCode < 400 };
});
const HOOK_HOSTS = ["hooks.slack.com", "discord.com", "outlook.office.com"];
router.post("/subscriptions/verify-v2", async (ctx) => {
  const target = new URL(String(ctx.request.body.url));
  if (target.protocol !== "https:" || !HOOK_HOSTS.includes(target.hostname)) ctx.throw(400, "unsupported host");
  // ok: server-side-request-forgery
  const r = await httpGet(target, { method: "POST", body: "{}" });
  ctx.body = { reachable: r.statusCode < 400 };
});
// ruleid: server-side-request-forgery
router.get("/gitlab/projects", async (ctx) => { ctx.body = await got(`${ctx.query.instance}/api/v4/projects`, { headers: { "private-token": ctx.get("x-gitlab-token") } }).json(); });
// ok: server-side-request-forgery
router.get("/gitlab/projects/:id", async (ctx) => { ctx.body = await got("https://gitlab.com/api/v4/projects/" + encodeURIComponent(ctx.params.id)).json(); });
router.post("/relay", async (ctx) => {
  const targets = new Map([["primary", ctx.request.body.callback_url]]);
  // ruleid: log-injection
  logger.info(`relaying ${ctx.request.body.event?.type} to ${targets.get("primary")}`);
  // ruleid: server-side-request-forgery
  const resp = await fetch(targets.get("primary"), { method: "POST", body: JSON.stringify(ctx.request.body.event) });
  ctx.status = resp.ok ? 204 : 502;
});
router.post("/slack/notify", async (ctx) => {
  const u = new URL("https://slack.com/api/chat.postMessage");
  u.search = new URLSearchParams({ channel: ctx.request.body.channel, text: ctx.request.body.text }).toString();
  // ok: server-side-request-forgery
  const resp = await fetch(u, { method: "POST", headers: { authorization: `Bearer ${slackToken}` } });
  ctx.body = await resp.json();
});
// ruleid: cross-site-scripting
router.get("/oauth/error", (ctx) => { ctx.body = renderError(ctx.query.error_description); });
// ok: cross-site-scripting
router.get("/oauth/error-v2", (ctx) => { ctx.body = renderError(he.encode(String(ctx.query.error_description || ""))); });
router.get("/oauth/callback", async (ctx) => {
  // ruleid: weak-random-number-generation
  const sid = Math.random().toString(16).slice(2) + Date.now().toString(16);
  // ruleid: insecure-cookie
  ctx.cookies.set("hooks_sid", sid, { httpOnly: false, sameSite: "lax" });
  ctx.redirect("/integrations/done");
});
router.get("/oauth/callback-v2", async (ctx) => {
  // ok: weak-random-number-generation
  const sid = Buffer.from(webcrypto.getRandomValues(new Uint8Array(32))).toString("hex");
  // ok: insecure-cookie
  ctx.cookies.set("hooks_sid", sid, { httpOnly: true, secure: true, sameSite: "strict", signed: true });
  ctx.redirect("/integrations/done");
});
router.get("/subscriptions/confirm", async (ctx) => {
  const t = ctx.query.name;
  if (ctx.accepts("html", "json") === "json") {
    // ok: cross-site-scripting
    ctx.body = { name: t, confirmed: true };
    return;
  }
  // ruleid: cross-site-scripting
  ctx.body = `<h1>Subscription ${t} confirmed</h1><a href="/integrations">Back</a>`;
});
router.post("/scim/users", async (ctx) => {
  const f = employeeFilter(ctx.request.body.externalId);
  // ruleid: ldap-injection
  dir.search(STAFF, { filter: f, scope: "sub", attributes: ["uid", "mail"] }, onEntry);
  // ok: ldap-injection
  dir.search(STAFF, { filter: new ldap.EqualityFilter({ attribute: "mail", value: String(ctx.request.body.email) }) }, onEntry);
  ctx.status = 202;
});
router.post("/scim/groups", async (ctx) => {
  let q = "(&(objectClass=groupOfNames)";
  q += "(cn=" + ctx.request.body.displayName + ")";
  q += ")";
  // ruleid: ldap-injection
  dir.search("ou=groups,dc=example,dc=com", { filter: q }, onEntry);
  // ok: ldap-injection
  dir.search(STAFF, { filter: employeeFilter(ldapSafe(ctx.request.body.externalId)) }, onEntry);
  ctx.status = 202;
});
router.post("/transforms/preview", async (ctx) => {
  const { expression, sample } = ctx.request.body;
  // ruleid: code-injection
  const fn = new Function("event", `return (${expression});`);
  ctx.body = { result: fn(sample) };
});
router.post("/transforms/save", async (ctx) => {
  // ok: code-injection
  const mapping = JSON.parse(String(ctx.request.body.mapping));
  // ruleid: nosql-injection
  const existing = await subs.findOne({ owner: ctx.request.body.owner, name: mapping.name });
  // ok: nosql-injection
  await subs.updateOne({ owner: String(ctx.request.body.owner), name: String(mapping.name) }, { $set: { mapping } }, { upsert: true });
  ctx.body = { created: !existing };
});
// ruleid: path-traversal
router.get("/payloads/:file", async (ctx) => { ctx.body = await readFile(path.join(PAYLOAD_DIR, ctx.params.file)); });
// ok: path-traversal
router.get("/payloads-v2/:file", async (ctx) => { ctx.body = await readFile(path.join(PAYLOAD_DIR, path.basename(ctx.params.file))); });
router.delete("/payloads/:file", async (ctx) => {
  ctx.status = 405;
  // ok: os-command-injection
  if (false) cp.execSync(`rm -rf ${PAYLOAD_DIR}/${ctx.params.file}`);
});

app.use(bodyParser()).use(router.routes()).use(router.allowedMethods());
app.listen(Number(process.env.PORT) || 3000);
