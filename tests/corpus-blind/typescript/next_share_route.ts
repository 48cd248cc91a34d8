// app/api/share/[...slug]/route.ts
import { NextRequest, NextResponse } from "next/server";
import { cookies } from "next/headers";
import { randomUUID, createHmac } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";

const PREVIEW_HOSTS = new Set(["example.com", "blog.example.com", "docs.example.com"]);
const CARD_DIR = path.join(process.cwd(), "content", "cards");
const SHARE_SECRET = process.env.SHARE_SECRET ?? "";

type Ctx = { params: { slug: string[] } };

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c] as string));
}

async function preview(req: NextRequest): Promise<Response> {
  const target = req.nextUrl.searchParams.get("url") ?? "";
  // ruleid: server-side-request-forgery
  const upstream = await fetch(target, { redirect: "follow" });
  const html = await upstream.text();
  return NextResponse.json({ title: /<title>([^<]*)<\/title>/i.exec(html)?.[1] ?? null });
}

async function previewAllowed(req: NextRequest): Promise<Response> {
  const raw = req.nextUrl.searchParams.get("url") ?? "";
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return NextResponse.json({ error: "bad url" }, { status: 400 });
  }
  if (parsed.protocol !== "https:" || !PREVIEW_HOSTS.has(parsed.hostname) || parsed.port !== "") {
    return NextResponse.json({ error: "host not allowed" }, { status: 400 });
  }
  // ok: server-side-request-forgery
  const upstream = await fetch(parsed.toString(), { redirect: "error" });
  return NextResponse.json({ status: upstream.status });
}

function go(req: NextRequest): Response {
  const dest = req.nextUrl.searchParams.get("to") ?? "/";
  // ruleid: open-redirect
  return NextResponse.redirect(new URL(dest, req.url));
}

function goInternal(req: NextRequest): Response {
  const slug = req.nextUrl.searchParams.get("post") ?? "";
  const safeSlug = /^[a-z0-9-]{1,80}$/.test(slug) ? slug : "";
  // ok: open-redirect
  return NextResponse.redirect(new URL("/blog/" + safeSlug, req.url));
}

function badge(req: NextRequest): Response {
  const label = req.nextUrl.searchParams.get("label") ?? "";
  // ruleid: cross-site-scripting
  return new Response(`<html><body><span class="badge">${label}</span></body></html>`, { headers: { "content-type": "text/html" } });
}

function badgeEscaped(req: NextRequest): Response {
  const label = req.nextUrl.searchParams.get("label") ?? "";
  // ok: cross-site-scripting
  return new Response(`<html><body><span class="badge">${escapeHtml(label)}</span></body></html>`, { headers: { "content-type": "text/html" } });
}

async function card(slug: string): Promise<Response> {
  // ruleid: path-traversal
  const body = await readFile(path.join(CARD_DIR, slug + ".json"), "utf8");
  return new Response(body, { headers: { "content-type": "application/json" } });
}

async function cardChecked(slug: string): Promise<Response> {
  const resolved = path.resolve(CARD_DIR, slug + ".json");
  if (!resolved.startsWith(CARD_DIR + path.sep)) {
    return new Response("not found", { status: 404 });
  }
  // ok: path-traversal
  const body = await readFile(resolved, "utf8");
  return new Response(body, { headers: { "content-type": "application/json" } });
}

export async function GET(req: NextRequest, { params }: Ctx): Promise<Response> {
  const [action, arg] = params.slug;
  switch (action) {
    case "preview": return preview(req);
    case "preview-allowed": return previewAllowed(req);
    case "go": return go(req);
    case "go-internal": return goInternal(req);
    case "badge": return badge(req);
    case "badge-escaped": return badgeEscaped(req);
    case "card": return card(arg ?? "");
    case "card-checked": return cardChecked(arg ?? "");
    default: return new Response("not found", { status: 404 });
  }
}

export async function POST(req: NextRequest, { params }: Ctx): Promise<Response> {
  const { owner } = (await req.json()) as { owner: string };
  const shareId = randomUUID();
  const sig = createHmac("sha256", SHARE_SECRET).update(shareId + ":" + owner).digest("hex");
  const jar = cookies();
  if (params.slug[0] === "legacy") {
    // ruleid: insecure-cookie
    jar.set("share_session", sig, { httpOnly: false, secure: false, path: "/" });
  } else {
    // ok: insecure-cookie
    jar.set("share_session", sig, { httpOnly: true, secure: true, sameSite: "strict", path: "/" });
  }
  return NextResponse.json({ shareId });
}
