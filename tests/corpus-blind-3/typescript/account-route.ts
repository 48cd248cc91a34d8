import { NextRequest, NextResponse } from 'next/server';
import crypto, { createHash, createCipheriv, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

// ruleid: hardcoded-credentials
const LEGACY_SESSION_KEY = 'b7f3c1e9d2a84f6e9c0d1a2b3c4d5e6f';
// ok: hardcoded-credentials
const SIGNING_KEY = process.env.JWT_SIGNING_KEY as string;
// ok: hardcoded-credentials
const PASSWORD_MIN_LENGTH = 12;
const ZERO_IV = Buffer.alloc(16, 0);
const PROFILE_KEY = Buffer.from(process.env.PROFILE_KEY_HEX ?? '', 'hex');
const AVATAR_HOSTS = new Set(['images.example-cdn.com', 'secure.gravatar.com']);
const USE_LEGACY_TOKENS = false;

function hashPasswordLegacy(pw: string): string {
  // ruleid: insecure-hashing
  return createHash('md5').update(pw).digest('hex');
}

function hashPassword(pw: string, salt: Buffer): Buffer {
  // ok: insecure-hashing
  return scryptSync(pw, salt, 64);
}

function etagOf(body: string): string {
  // ok: insecure-hashing
  return '"' + createHash('md5').update(body).digest('base64') + '"';
}

function gravatarUrl(email: string): string {
  // ok: insecure-hashing
  const h = crypto.createHash('md5').update(email.trim().toLowerCase()).digest('hex');
  return `https://secure.gravatar.com/avatar/${h}?d=identicon`;
}

function encryptProfileBlob(plain: string): string {
  const key = Buffer.from(LEGACY_SESSION_KEY, 'hex');
  // ruleid: insecure-cryptography
  const c = createCipheriv('aes-128-ecb', key, null);
  return Buffer.concat([c.update(plain, 'utf8'), c.final()]).toString('base64');
}

function encryptWithFixedIv(plain: string, key: Buffer): string {
  // ruleid: insecure-cryptography
  const c = crypto.createCipheriv('aes-256-cbc', key, ZERO_IV);
  return Buffer.concat([c.update(plain, 'utf8'), c.final()]).toString('base64');
}

function seal(plain: string, key: Buffer): string {
  const iv = randomBytes(12);
  // ok: insecure-cryptography
  const c = createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return [iv, c.getAuthTag(), ct].map((b) => b.toString('base64url')).join('.');
}

function newDeviceKeys() {
  // ruleid: insecure-cryptography
  const legacy = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 });
  // ok: insecure-cryptography
  const current = crypto.generateKeyPairSync('rsa', { modulusLength: 3072 });
  return { legacy, current };
}

function backoffMs(attempt: number): number {
  // ok: weak-random-number-generation
  return Math.min(30000, 2 ** attempt * 100) + Math.floor(Math.random() * 250);
}

export async function GET(req: NextRequest) {
  const sp = req.nextUrl.searchParams;
  const callbackUrl = sp.get('callbackUrl') ?? '/';
  if (sp.get('mode') === 'strict') {
    const target = new URL(callbackUrl, req.nextUrl.origin);
    if (target.origin !== req.nextUrl.origin) {
      return NextResponse.redirect(new URL('/', req.nextUrl.origin));
    }
    // ok: open-redirect
    return NextResponse.redirect(target);
  }
  // ruleid: open-redirect
  return NextResponse.redirect(new URL(callbackUrl, req.url));
}

export async function POST(req: NextRequest) {
  const { email, password } = (await req.json()) as { email: string; password: string };
  if (typeof password !== 'string' || password.length < PASSWORD_MIN_LENGTH) {
    return NextResponse.json({ error: 'weak password' }, { status: 400 });
  }
  try {
    // ruleid: sql-injection
    const rows = await prisma.$queryRawUnsafe<{ id: string; pw: string; salt: string }[]>(`SELECT id, pw, salt FROM "User" WHERE email = '${email}'`);
    const user = rows[0];
    if (!user) return NextResponse.json({ error: 'invalid credentials' }, { status: 401 });
    const ok = timingSafeEqual(hashPassword(password, Buffer.from(user.salt, 'hex')), Buffer.from(user.pw, 'hex'));
    if (!ok && hashPasswordLegacy(password) !== user.pw) {
      return NextResponse.json({ error: 'invalid credentials' }, { status: 401 });
    }
    const token = jwt.sign({ sub: user.id }, SIGNING_KEY, { expiresIn: '1h', algorithm: 'HS256' });
    const res = NextResponse.json({ ok: true }, { headers: { ETag: etagOf(user.id) } });
    // ok: insecure-cookie
    res.cookies.set('session', token, { httpOnly: true, secure: true, sameSite: 'lax', path: '/' });
    // ruleid: weak-random-number-generation
    const refresh = Math.random().toString(36).slice(2) + Date.now().toString(36);
    await prisma.$executeRaw`UPDATE "User" SET refresh_token = ${refresh} WHERE id = ${user.id}`;
    // ruleid: insecure-cookie
    res.cookies.set('refresh_token', refresh, { path: '/api/auth', sameSite: 'strict' });
    if (USE_LEGACY_TOKENS) {
      // ok: insecure-cookie
      res.cookies.set('legacy_session', token, { path: '/' });
    }
    return res;
  } catch (err) {
    // ruleid: stack-trace-exposure
    return NextResponse.json({ error: 'login failed', detail: (err as Error).stack }, { status: 500 });
  }
}

export async function PUT(req: NextRequest) {
  const { email } = (await req.json()) as { email: string };
  // ok: sql-injection
  const users = await prisma.$queryRaw<{ id: string }[]>`SELECT id FROM "User" WHERE email = ${email}`;
  if (users.length === 0) return NextResponse.json({ ok: true });
  // ruleid: weak-random-number-generation
  const code = String(Math.floor(100000 + Math.random() * 900000));
  // ok: weak-random-number-generation
  const linkToken = randomBytes(32).toString('base64url');
  // ruleid: insecure-hashing
  const codeDigest = createHash('sha1').update(code).digest('hex');
  // ok: insecure-hashing
  const linkDigest = createHash('sha256').update(linkToken).digest('hex');
  // ok: sql-injection
  await prisma.$executeRawUnsafe('UPDATE "User" SET reset_code = $1, reset_link = $2 WHERE id = $3', codeDigest, linkDigest, users[0].id);
  // ok: hardcoded-credentials
  const mailToken = jwt.sign({ sub: users[0].id, purpose: 'reset' }, SIGNING_KEY, { expiresIn: '15m' });
  return NextResponse.json({ ok: true, sent: Boolean(mailToken) });
}

export async function PATCH(req: NextRequest) {
  const payload = (await req.json()) as { userId: string; avatarUrl: string; bio: string };
  const { avatarUrl } = payload;
  let u: URL;
  try {
    u = new URL(avatarUrl);
  } catch {
    return NextResponse.json({ error: 'bad url' }, { status: 400 });
  }
  if (u.protocol === 'https:' && AVATAR_HOSTS.has(u.hostname)) {
    // ok: server-side-request-forgery
    const img = await fetch(u, { redirect: 'error' });
    await prisma.user.update({ where: { id: payload.userId }, data: { avatar: Buffer.from(await img.arrayBuffer()) } });
  } else {
    // ruleid: server-side-request-forgery
    const img = await fetch(avatarUrl);
    await prisma.user.update({ where: { id: payload.userId }, data: { avatarPending: img.ok } });
  }
  // ok: weak-random-number-generation
  const sampled = Math.random() < 0.05;
  // ruleid: hardcoded-credentials
  const receipt = jwt.sign({ sub: payload.userId, sampled }, 'profile-receipt-secret-2024', { expiresIn: '5m' });
  return NextResponse.json({ ok: true, receipt, sealed: seal(payload.bio, PROFILE_KEY) });
}

export async function DELETE(req: NextRequest) {
  const id = req.nextUrl.searchParams.get('id') ?? '';
  const keys = newDeviceKeys();
  try {
    // ruleid: sql-injection
    await prisma.$executeRawUnsafe('DELETE FROM "Device" WHERE owner = \'' + id + '\'');
    return NextResponse.json({ ok: true, gravatar: gravatarUrl(id), pub: keys.current.publicKey.export({ type: 'spki', format: 'pem' }) });
  } catch (e) {
    console.error('device delete failed', e);
    // ok: stack-trace-exposure
    return NextResponse.json({ error: 'delete failed' }, { status: 500 });
  }
}

export { encryptProfileBlob, encryptWithFixedIv, backoffMs };
