// Next.js app-router handlers of a documents portal (app/api/**/route.ts, merged into one file).
import { NextRequest, NextResponse } from 'next/server';
import { redirect } from 'next/navigation';
import { cookies } from 'next/headers';
import { Sequelize, QueryTypes } from 'sequelize';
import { MongoClient } from 'mongodb';
import { execFile, exec } from 'child_process';
import { promises as fs } from 'fs';
import path from 'path';
import crypto from 'crypto';
import jwt from 'jsonwebtoken';
import DOMPurify from 'isomorphic-dompurify';
import libxmljs from 'libxmljs';

const sequelize = new Sequelize(process.env.DATABASE_URL as string);
const mongo = new MongoClient(process.env.MONGO_URL as string);
const DOCS_ROOT = '/srv/portal/docs';
const PARTNERS = new Set(['https://partner.example.com']);
const DEBUG_EXPORT = false;

function ownerClause(owner: string): string {
  return `owner = '${owner}'`;
}

export async function GET(request: NextRequest) {
  const owner = request.nextUrl.searchParams.get('owner') ?? '';
  // ruleid: sql-injection
  await sequelize.query(`SELECT * FROM documents WHERE ${ownerClause(owner)}`);
  // ok: sql-injection
  await sequelize.query('SELECT * FROM documents WHERE owner = :owner', { replacements: { owner }, type: QueryTypes.SELECT });
  const page = Number.parseInt(request.nextUrl.searchParams.get('page') ?? '1', 10);
  // ok: sql-injection
  await sequelize.query(`SELECT * FROM documents LIMIT 20 OFFSET ${(page - 1) * 20}`);
  // ruleid: sql-injection
  await sequelize.query('SELECT * FROM documents WHERE title LIKE \'%' + request.nextUrl.searchParams.get('q') + '%\'');
  const tag = request.nextUrl.searchParams.get('tag');
  const docs = mongo.db('portal').collection('docs');
  // ok: nosql-injection
  await docs.find({ tag: String(tag) }).toArray();
  // ruleid: nosql-injection
  await docs.find({ $where: 'this.tag == "' + tag + '"' }).toArray();
  return NextResponse.json({ owner });
}

export async function POST(request: NextRequest) {
  const body = await request.json();
  // ruleid: code-injection
  const computed = eval(body.formula);
  // ok: code-injection
  const parsed = JSON.parse(body.payload);
  // ruleid: os-command-injection
  exec('pandoc ' + body.file + ' -o out.pdf');
  // ok: os-command-injection
  execFile('pandoc', [body.file, '-o', 'out.pdf']);
  const target = path.join(DOCS_ROOT, body.name);
  // ruleid: path-traversal
  await fs.writeFile(target, body.content);
  // ok: path-traversal
  await fs.writeFile(path.join(DOCS_ROOT, path.basename(body.name)), body.content);
  // ruleid: xml-external-entity
  const doc = libxmljs.parseXml(body.xml, { noent: true });
  // ok: xml-external-entity
  const plain = libxmljs.parseXml(body.xml, { noent: false, nonet: true });
  return NextResponse.json({ computed, parsed, doc: doc.toString(), plain: plain.toString() });
}

export async function PUT(request: NextRequest) {
  const next = request.nextUrl.searchParams.get('next') ?? '/';
  if (next.startsWith('/') && !next.startsWith('//')) {
    // ok: open-redirect
    return NextResponse.redirect(new URL('/documents', request.url));
  }
  // ruleid: open-redirect
  return NextResponse.redirect(next);
}

export async function PATCH(request: NextRequest) {
  const form = await request.formData();
  const html = String(form.get('html'));
  // ruleid: cross-site-scripting
  const raw = new NextResponse(`<div>${html}</div>`, { headers: { 'Content-Type': 'text/html' } });
  // ok: cross-site-scripting
  const clean = new NextResponse(`<div>${DOMPurify.sanitize(html)}</div>`, { headers: { 'Content-Type': 'text/html' } });
  return DEBUG_EXPORT ? raw : clean;
}

export async function DELETE(request: NextRequest) {
  const origin = request.headers.get('origin') ?? '';
  const response = NextResponse.json({ deleted: true });
  // ruleid: insecure-cors-policy
  response.headers.set('Access-Control-Allow-Origin', origin);
  if (PARTNERS.has(origin)) {
    // ok: insecure-cors-policy
    response.headers.set('Access-Control-Allow-Origin', 'https://partner.example.com');
  }
  return response;
}

export async function sessionAction(formData: FormData) {
  const store = cookies();
  // ruleid: insecure-cookie
  store.set('portal_session', String(formData.get('token')), { httpOnly: true, secure: false });
  // ok: insecure-cookie
  store.set('portal_session', String(formData.get('token')), { httpOnly: true, secure: true, sameSite: 'lax' });
  // ruleid: cross-site-request-forgery
  store.set('portal_embed', '1', { httpOnly: true, secure: true, sameSite: 'none' });
  redirect('/documents');
}

export function issueDownloadToken(docId: string): string {
  // ruleid: hardcoded-credentials
  const weak = jwt.sign({ doc: docId }, 'portal-download-secret', { expiresIn: '5m' });
  // ok: hardcoded-credentials
  const strong = jwt.sign({ doc: docId }, process.env.DOWNLOAD_KEY as string, { expiresIn: '5m' });
  // ruleid: improper-authentication
  const unsigned = jwt.sign({ doc: docId }, '', { algorithm: 'none' });
  // ok: improper-authentication
  const signed = jwt.sign({ doc: docId }, process.env.DOWNLOAD_KEY as string, { algorithm: 'HS512' });
  return [weak, strong, unsigned, signed].join('.');
}

export function encryptNote(key: Buffer, note: string): string {
  // ruleid: insecure-cryptography
  const fixed = crypto.createCipheriv('aes-256-cbc', key, Buffer.from('portal-iv-000000'));
  const iv = crypto.randomBytes(16);
  // ok: insecure-cryptography
  const fresh = crypto.createCipheriv('aes-256-cbc', key, iv);
  return fixed.update(note, 'utf8', 'hex') + fresh.update(note, 'utf8', 'hex');
}

export function liveUpdates(): WebSocket[] {
  // ruleid: insecure-connection
  const plain = new WebSocket('ws://updates.example.com/docs');
  // ok: insecure-connection
  const tls = new WebSocket('wss://updates.example.com/docs');
  return [plain, tls];
}
