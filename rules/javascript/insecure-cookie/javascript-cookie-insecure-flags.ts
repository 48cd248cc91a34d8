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
