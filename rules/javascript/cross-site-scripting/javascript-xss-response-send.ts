import Koa from 'koa';
import escape from 'escape-html';

const app = new Koa();

app.use(async (ctx: Koa.Context) => {
  const name = ctx.query.name as string;
  if (ctx.path === '/hello') {
    // ruleid: javascript-xss-response-send
    ctx.body = `<h1>Hello ${name}</h1>`;
  } else if (ctx.path === '/hello-safe') {
    // ok: javascript-xss-response-send
    ctx.body = `<h1>Hello ${escape(name)}</h1>`;
  } else {
    // ok: javascript-xss-response-send
    ctx.body = { hello: name };
  }
});

export async function POST(request: Request) {
  const form = await request.formData();
  const html = String(form.get('html'));
  if (html.length > 1000) {
    // ok: javascript-xss-response-send
    return new Response(`<p>${html}</p>`, { headers: { 'Content-Type': 'text/plain' } });
  }
  // ruleid: javascript-xss-response-send
  return new Response(`<p>${html}</p>`, { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
}

interface Store<V> {
  set<T extends V>(key: string, value: T): Promise<void>;
  get(key: string): V;
}

declare const drafts: Store<string>;

app.use(async (ctx: Koa.Context) => {
  await drafts.set<string>('preview', String(ctx.query.preview));
  // ruleid: javascript-xss-response-send
  ctx.body = `<article>${drafts.get('preview')}</article>`;
  await drafts.set<string>('title', 'Draft');
  // ok: javascript-xss-response-send
  ctx.body = `<h1>${drafts.get('title')}</h1>`;
});
