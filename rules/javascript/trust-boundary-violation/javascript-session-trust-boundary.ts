import Koa from 'koa';

const app = new Koa();

app.use(async (ctx: Koa.Context) => {
  const { tenant } = ctx.request.body as { tenant: string };
  // ruleid: javascript-session-trust-boundary
  ctx.session!.tenant = tenant;
  // ok: javascript-session-trust-boundary
  ctx.session!.visitedAt = new Date().toISOString();
  ctx.body = { ok: true };
});
