import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { execSync, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { writeFileSync, readFileSync } from "node:fs";
import path from "node:path";
import libxmljs from "libxmljs2";

const SCRATCH = "/tmp/uploads";
const CALLBACKS: Record<string, string> = {
  crm: "https://crm.example.com/hooks/upload",
  search: "https://search.internal.example.com/reindex",
};

interface UploadBody {
  filename: string;
  contentBase64: string;
  callback?: string;
  notify?: string;
}

const ok = (body: unknown): APIGatewayProxyResult => ({ statusCode: 200, body: JSON.stringify(body) });
const bad = (msg: string): APIGatewayProxyResult => ({ statusCode: 400, body: JSON.stringify({ error: msg }) });

function vendorHeaders(): Record<string, string> {
  // ruleid: hardcoded-credentials
  const apiKey = "sk_live_51HxQ2vKq8Zr4mT0aBcDeFgHiJkLmNoP";
  return { authorization: `Bearer ${apiKey}` };
}

function vendorHeadersFromEnv(): Record<string, string> {
  // ok: hardcoded-credentials
  const apiKey = process.env.SCANNER_VENDOR_KEY ?? "";
  return { authorization: `Bearer ${apiKey}` };
}

export const upload = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const body = JSON.parse(event.body ?? "{}") as UploadBody;
  const bytes = Buffer.from(body.contentBase64, "base64");
  // ruleid: path-traversal
  writeFileSync(path.join(SCRATCH, body.filename), bytes);
  // ruleid: os-command-injection
  const verdict = execSync(`clamscan --no-summary ${SCRATCH}/${body.filename}`).toString();
  // ok: insecure-hashing
  const checksum = createHash("sha1").update(bytes).digest("hex");
  return ok({ verdict, checksum });
};

export const uploadV2 = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const body = JSON.parse(event.body ?? "{}") as UploadBody;
  const name = path.basename(body.filename);
  if (name.startsWith(".") || name.length === 0) {
    return bad("bad filename");
  }
  const target = path.join(SCRATCH, name);
  // ok: path-traversal
  writeFileSync(target, Buffer.from(body.contentBase64, "base64"));
  // ok: os-command-injection
  const verdict = execFileSync("clamscan", ["--no-summary", target]).toString();
  return ok({ verdict });
};

export const notify = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const body = JSON.parse(event.body ?? "{}") as UploadBody;
  const hooks: string[] = [];
  if (body.callback) hooks.push(body.callback);
  // ruleid: server-side-request-forgery
  const res = await fetch(hooks[0] ?? "https://crm.example.com/hooks/upload", { method: "POST", headers: vendorHeaders(), body: JSON.stringify({ file: body.filename }) });
  return ok({ status: res.status });
};

export const notifyV2 = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const body = JSON.parse(event.body ?? "{}") as UploadBody;
  const key = body.notify ?? "";
  if (!(key in CALLBACKS) || !Object.prototype.hasOwnProperty.call(CALLBACKS, key)) {
    return bad("unknown callback");
  }
  // ok: server-side-request-forgery
  const res = await fetch(CALLBACKS[key], { method: "POST", headers: vendorHeadersFromEnv(), body: JSON.stringify({ file: body.filename }) });
  return ok({ status: res.status });
};

export const manifest = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const xml = event.isBase64Encoded ? Buffer.from(event.body ?? "", "base64").toString("utf8") : event.body ?? "";
  // ruleid: xml-external-entity
  const doc = libxmljs.parseXml(xml, { noent: true });
  return ok({ files: doc.find("//file").map((n) => n.toString()) });
};

export const manifestV2 = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const xml = event.body ?? "";
  // ok: xml-external-entity
  const doc = libxmljs.parseXml(xml, { noent: false, nonet: true });
  return ok({ files: doc.find("//file").map((n) => n.toString()) });
};

export const template = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const name = event.queryStringParameters?.name ?? "default";
  const chosen = name === "invoice" ? "invoice" : "default";
  // ok: path-traversal
  const html = readFileSync(path.join("/opt/templates", chosen + ".html"), "utf8");
  return { statusCode: 200, headers: { "content-type": "text/html" }, body: html };
};
