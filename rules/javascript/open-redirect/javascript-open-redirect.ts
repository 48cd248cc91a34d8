import Koa from 'koa';
import { NextRequest, NextResponse } from 'next/server';

const app = new Koa();

app.use(async (ctx: Koa.Context) => {
  // ruleid: javascript-open-redirect
  ctx.redirect(ctx.query.back as string);
  // ok: javascript-open-redirect
  ctx.redirect('back');
});

export function middleware(request: NextRequest) {
  const callbackUrl = request.nextUrl.searchParams.get('callbackUrl');
  if (callbackUrl) {
    // ruleid: javascript-open-redirect
    return NextResponse.redirect(callbackUrl);
  }
  // ok: javascript-open-redirect
  return NextResponse.redirect(new URL('/login', request.url));
}
