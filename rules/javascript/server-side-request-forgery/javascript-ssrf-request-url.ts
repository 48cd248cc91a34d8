import { NextRequest, NextResponse } from 'next/server';
import axios from 'axios';

const IMAGE_CDN = 'https://images.example.com';

export async function GET(request: NextRequest) {
  const src = request.nextUrl.searchParams.get('src');
  if (!src) {
    return NextResponse.json({ error: 'missing src' }, { status: 400 });
  }
  // ruleid: javascript-ssrf-request-url
  const upstream = await fetch(src, { cache: 'no-store' });
  // ok: javascript-ssrf-request-url
  const resized = await fetch(`https://images.example.com/resize/${encodeURIComponent(src)}?w=200`);
  // ok: javascript-ssrf-request-url
  const logo = await fetch(new URL('/logo.png', IMAGE_CDN));
  // ok: javascript-ssrf-request-url
  return NextResponse.redirect(new URL('/done', request.url), { headers: { 'x-size': String(upstream.status + resized.status + logo.status) } });
}

const MIRRORS = new Set(['mirror-a.example.com', 'mirror-b.example.com']);

export async function POST(request: NextRequest) {
  const raw = request.nextUrl.searchParams.get('from') ?? '';
  let where: URL;
  try {
    where = new URL(raw);
  } catch {
    return NextResponse.json({ error: 'bad url' }, { status: 400 });
  }
  if (where.protocol !== 'https:' || !MIRRORS.has(where.hostname)) {
    return NextResponse.json({ error: 'not a mirror' }, { status: 400 });
  }
  // ok: javascript-ssrf-request-url
  const copy = await fetch(where.toString());
  if (where.port !== '') {
    // ruleid: javascript-ssrf-request-url
    await fetch(request.nextUrl.searchParams.get('fallback') ?? '');
  }
  return NextResponse.json({ status: copy.status });
}

interface Preview {
  title: string;
}

export async function PUT(request: NextRequest) {
  const { link } = (await request.json()) as { link: string };
  // ruleid: javascript-ssrf-request-url
  const preview = await axios.get<Preview>(link);
  // ok: javascript-ssrf-request-url
  const health = await axios.get<Preview>(`${IMAGE_CDN}/health`);
  return NextResponse.json({ title: preview.data.title, up: health.status });
}
