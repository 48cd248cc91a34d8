import Koa from 'koa';

const app = new Koa();

app.use(async (ctx: Koa.Context) => {
  const sid: string = ctx.state.sessionId;
  // ruleid: javascript-cookie-insecure-flags
  ctx.cookies.set('sid', sid, { httpOnly: true, secure: false });
  // ok: javascript-cookie-insecure-flags
  ctx.cookies.set('sid', sid, { httpOnly: true, secure: true });
  const headers = new Map<string, { secure: boolean }>();
  // ok: javascript-cookie-insecure-flags
  headers.set('x', { secure: false });
  ctx.body = 'ok';
});

export async function login(form: FormData, store: { set: (n: string, v: string, o: object) => void }) {
  // ruleid: javascript-cookie-insecure-flags
  store.set('portal_session', String(form.get('token')), { httpOnly: true, secure: false });
  // ok: javascript-cookie-insecure-flags
  store.set('portal_session', String(form.get('token')), { httpOnly: true, secure: true });
}

export function theme(ctx: Koa.Context, choice: string) {
  // ok: javascript-cookie-insecure-flags
  ctx.cookies.set('ui_theme', choice === 'dark' ? 'dark' : 'light', { httpOnly: false });
  // ruleid: javascript-cookie-insecure-flags
  ctx.cookies.set('portal_sid', choice, { httpOnly: false, secure: true });
  // ok: javascript-cookie-insecure-flags
  ctx.cookies.set('portal_sid', choice, { httpOnly: true, sameSite: 'lax' });
}

export function issue(reply: { cookies: { set: (n: string, v: string, o: object) => void } }, token: string) {
  // ruleid: javascript-cookie-insecure-flags
  reply.cookies.set('refresh_token', token, { path: '/auth', sameSite: 'strict' });
  // ok: javascript-cookie-insecure-flags
  reply.cookies.set('refresh_token', token, { path: '/auth', sameSite: 'strict', secure: true });
  // ok: javascript-cookie-insecure-flags
  reply.cookies.set('locale', token, { path: '/' });
}
