import Fastify from "fastify";
import fastifyCookie from "@fastify/cookie";
import * as cp from "node:child_process";
import { promises as fsp } from "node:fs";
import https from "node:https";
import path from "node:path";
import jwt from "jsonwebtoken";

const DOCS_ROOT = "/srv/documents";
const DOC_NAME = /^[a-z0-9][a-z0-9_-]{0,63}\.(pdf|txt|md)$/;
const CONVERTERS = new Map([
  ["pdf", "/usr/bin/pdftotext"],
  ["md", "/usr/bin/pandoc"],
]);
const FEATURE_SHELL_PREVIEW = false;

const app = Fastify({ logger: true });
await app.register(fastifyCookie);

const insecureAgent = new https.Agent({
  keepAlive: true,
  // ruleid: improper-certificate-validation
  rejectUnauthorized: false,
});

const pinnedAgent = new https.Agent({
  keepAlive: true,
  ca: await fsp.readFile("/etc/ssl/certs/docs-ca.pem"),
  // ok: improper-certificate-validation
  rejectUnauthorized: true,
});

function issueToken(user) {
  // ruleid: hardcoded-credentials
  return jwt.sign({ sub: user }, "docs-signing-secret-2021", { expiresIn: "1h" });
}

function issueTokenFromEnv(user) {
  // ok: hardcoded-credentials
  return jwt.sign({ sub: user }, process.env.DOCS_JWT_SECRET, { expiresIn: "1h" });
}

app.get("/docs/:name", async (request, reply) => {
  const target = path.join(DOCS_ROOT, request.params.name);
  // ruleid: path-traversal
  const data = await fsp.readFile(target);
  return reply.type("application/octet-stream").send(data);
});

app.get("/docs/v2/:name", async (request, reply) => {
  const name = request.params.name;
  if (!DOC_NAME.test(name)) {
    return reply.code(400).send({ error: "bad name" });
  }
  // ok: path-traversal
  const data = await fsp.readFile(path.join(DOCS_ROOT, name));
  return reply.type("application/octet-stream").send(data);
});

app.post("/docs/convert", async (request, reply) => {
  const { name, format } = request.body;
  // ruleid: os-command-injection
  const out = cp.execSync("pandoc -t " + format + " " + path.join(DOCS_ROOT, name));
  return reply.type("text/plain").send(out);
});

app.post("/docs/convert-v2", async (request, reply) => {
  const { name, format } = request.body;
  const tool = CONVERTERS.get(format);
  if (!tool || !DOC_NAME.test(name)) {
    return reply.code(400).send({ error: "unsupported" });
  }
  if (FEATURE_SHELL_PREVIEW) {
    // ok: os-command-injection
    cp.exec("less " + name);
  }
  // ok: os-command-injection
  const out = cp.execFileSync(tool, [path.join(DOCS_ROOT, name)]);
  return reply.type("text/plain").send(out);
});

function getText(url, agent) {
  return new Promise((resolve, reject) => {
    https
      .get(url, { agent }, (res) => {
        let acc = "";
        res.on("data", (c) => (acc += c));
        res.on("end", () => resolve(acc));
      })
      .on("error", reject);
  });
}

app.get("/docs/remote-preview", async (request, reply) => {
  const body = await getText("https://docs-legacy.example.com/preview/" + encodeURIComponent(request.query.id), insecureAgent);
  return reply.send(body);
});

app.get("/docs/mirror-preview", async (request, reply) => {
  const body = await getText("https://docs-mirror.example.com/preview/" + encodeURIComponent(request.query.id), pinnedAgent);
  return reply.send(body);
});

app.get("/docs/open", async (request, reply) => {
  // ruleid: open-redirect
  return reply.redirect(request.query.url);
});

app.get("/docs/open-v2", async (request, reply) => {
  let url = request.query.url;
  url = "/docs";
  // ok: open-redirect
  return reply.redirect(url);
});

app.get("/docs/title", async (request, reply) => {
  // ruleid: cross-site-scripting
  return reply.type("text/html").send(`<title>${request.query.title}</title><h1>${request.query.title}</h1>`);
});

app.get("/docs/title-v2", async (request, reply) => {
  // ok: cross-site-scripting
  return reply.type("application/json").send({ title: request.query.title });
});

app.post("/docs/login", async (request, reply) => {
  const user = request.body.user;
  const legacy = issueToken(user);
  const token = issueTokenFromEnv(user);
  // ruleid: insecure-cookie
  reply.setCookie("docs_token", legacy, { path: "/" });
  // ok: insecure-cookie
  reply.setCookie("docs_token_v2", token, { path: "/", httpOnly: true, secure: true, sameSite: "lax" });
  return { success: true };
});

await app.listen({ port: Number(process.env.PORT || 3000) });
