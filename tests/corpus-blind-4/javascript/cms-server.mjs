import Koa from 'koa';
import Router from '@koa/router';
import bodyParser from 'koa-bodyparser';
import { Sequelize, QueryTypes } from 'sequelize';
import fetch from 'node-fetch';
import validator from 'validator';
import log4js from 'log4js';
import * as childProcess from 'node:child_process';
import { readFile, unlink, writeFile } from 'node:fs/promises';
import { join, resolve, sep, extname } from 'node:path';
import crypto from 'node:crypto';

const { spawn, exec } = childProcess;

log4js.configure({
  appenders: { out: { type: 'stdout', layout: { type: 'basic' } }, file: { type: 'file', filename: 'logs/cms.log' } },
  categories: { default: { appenders: ['out', 'file'], level: 'info' } },
});
const logger = log4js.getLogger('cms');

const sequelize = new Sequelize(process.env.CMS_DATABASE_URL, { logging: false });
const Page = sequelize.define('Page', {
  slug: Sequelize.STRING,
  title: Sequelize.STRING,
  author: Sequelize.STRING,
  views: Sequelize.INTEGER,
});

const THEMES = '/srv/cms/themes';
const THEME_NAMES = ['classic', 'midnight', 'paper'];
const UPLOADS = '/srv/cms/uploads';
const CDN_BASE = 'https://assets.cmscdn.net/v2';
const IMPORT_HOSTS = new Set(['images.unsplash.com', 'upload.wikimedia.org']);
const ENABLE_SHELL_HOOKS = false;
const PREVIEW_KEY = crypto.scryptSync(process.env.PREVIEW_SECRET || 'x', 'cms-preview', 32);

const helpers = {
  previewToken(slug) {
    const iv = crypto.randomBytes(12);
    // ok: insecure-cryptography
    const c = crypto.createCipheriv('aes-256-gcm', PREVIEW_KEY, iv, { authTagLength: 16 });
    const body = Buffer.concat([c.update(slug), c.final()]);
    return [iv, c.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
  },
  legacyPreviewToken(slug) {
    // ruleid: insecure-cryptography
    const c = crypto.createCipheriv('rc4', PREVIEW_KEY.subarray(0, 16), '');
    return Buffer.concat([c.update(slug), c.final()]).toString('hex');
  },
  findBySlug(slug) {
    // ok: sql-injection
    return sequelize.query('SELECT * FROM "Pages" WHERE slug = :slug LIMIT 1', { replacements: { slug }, type: QueryTypes.SELECT });
  },
  findBySlugFast(slug) {
    // ruleid: sql-injection
    return sequelize.query(`SELECT * FROM "Pages" WHERE slug = '${slug}' LIMIT 1`, { type: QueryTypes.SELECT });
  },
};

const router = new Router();

router.get('/pages', async (ctx) => {
  const { author, tag } = ctx.query;
  const order = [[sequelize.literal('"views"'), 'DESC']];
  if (author) {
    // ruleid: sql-injection
    ctx.body = await Page.findAll({ where: sequelize.literal(`author = '${author}'`), order });
    return;
  }
  // ok: sql-injection
  const tagged = await sequelize.query('SELECT p.* FROM "Pages" p JOIN tags t ON t.page_id = p.id WHERE t.name = $1', { bind: [String(tag || '')], type: QueryTypes.SELECT });
  // ok: sql-injection
  ctx.body = tagged.length ? tagged : await Page.findAll({ order, limit: 20 });
});

router.get('/pages/:slug', async (ctx) => {
  const [page] = await helpers.findBySlugFast(ctx.params.slug);
  if (!page) ctx.throw(404);
  // ruleid: log-injection
  logger.info(`page view slug=${ctx.params.slug} ref=${ctx.get('referer')}`);
  // ok: log-injection
  logger.info('page view id=%d', Number(page.id));
  // ruleid: header-injection
  ctx.set('X-Page-Slug', ctx.params.slug);
  // ok: header-injection
  ctx.set('X-Page-Id', String(Number(page.id)));
  const preview = ctx.query.preview || '';
  // ruleid: cross-site-scripting
  ctx.body = `<article><h1>${page.title}</h1><aside>${preview}</aside></article>`;
});

router.get('/pages/:slug/card', async (ctx) => {
  const [page] = await helpers.findBySlug(ctx.params.slug);
  const caption = String(ctx.query.caption || '');
  // ok: cross-site-scripting
  ctx.body = `<figure><figcaption>${validator.escape(caption)}</figcaption></figure>`;
  if (ctx.query.format === 'json') {
    // ok: cross-site-scripting
    ctx.body = { title: page && page.title, caption };
  }
});

router.get('/back', (ctx) => {
  const back = String(ctx.query.back || '/');
  if (!back.startsWith('http')) {
    // ruleid: open-redirect
    return ctx.redirect(back);
  }
  ctx.redirect('/');
});

router.get('/out', (ctx) => {
  // ruleid: open-redirect
  ctx.redirect(ctx.query.url);
});

router.get('/p/:slug', (ctx) => {
  // ok: open-redirect
  ctx.redirect(`/pages/${encodeURIComponent(ctx.params.slug)}`);
});

router.get('/themes/:theme/style.css', async (ctx) => {
  const theme = ctx.params.theme;
  ctx.type = 'text/css';
  if (THEME_NAMES.includes(theme)) {
    // ok: path-traversal
    ctx.body = await readFile(join(THEMES, theme, 'theme.css'), 'utf8');
    return;
  }
  // ruleid: path-traversal
  ctx.body = await readFile(join(THEMES, 'custom', theme, 'theme.css'), 'utf8');
});

router.delete('/uploads', async (ctx) => {
  const file = ctx.request.body.file;
  const target = resolve(UPLOADS, file);
  if (ctx.request.body.force) {
    // ruleid: path-traversal
    await unlink(resolve(UPLOADS, ctx.request.body.file));
  } else if (target.startsWith(UPLOADS + sep)) {
    // ok: path-traversal
    await unlink(target);
  }
  ctx.status = 204;
});

router.post('/import', async (ctx) => {
  const src = ctx.request.body.src;
  const id = crypto.randomUUID();
  // ruleid: server-side-request-forgery
  const res = await fetch(src, { redirect: 'follow' });
  await writeFile(join(UPLOADS, id + extname(new URL(src).pathname)), Buffer.from(await res.arrayBuffer()));
  ctx.body = { id };
});

router.post('/import/checked', async (ctx) => {
  const u = new URL(ctx.request.body.src);
  if (u.hostname.endsWith('cmscdn.net')) {
    // ruleid: server-side-request-forgery
    const res = await fetch(u.href);
    ctx.body = { size: Number(res.headers.get('content-length')) };
    return;
  }
  if (u.protocol !== 'https:' || !IMPORT_HOSTS.has(u.host)) ctx.throw(400, 'host not allowed');
  // ok: server-side-request-forgery
  const res = await fetch(u.href, { redirect: 'error' });
  ctx.body = { size: Number(res.headers.get('content-length')) };
});

router.get('/assets/:id', async (ctx) => {
  // ok: server-side-request-forgery
  const res = await fetch(`${CDN_BASE}/${encodeURIComponent(ctx.params.id)}`);
  ctx.status = res.status;
  ctx.body = res.body;
});

router.get('/media/probe', async (ctx) => {
  const file = join(UPLOADS, String(ctx.query.file));
  const out = await new Promise((ok, fail) => {
    // ruleid: os-command-injection
    const p = spawn(`ffprobe -v quiet -print_format json -show_format ${file}`, { shell: true });
    let buf = '';
    p.stdout.on('data', (d) => (buf += d));
    p.on('close', (code) => (code === 0 ? ok(buf) : fail(new Error('ffprobe ' + code))));
  });
  // ok: os-command-injection
  spawn('ffmpeg', ['-y', '-i', file, '-vf', 'thumbnail', '-frames:v', '1', file + '.jpg'], { stdio: 'ignore' });
  ctx.body = out;
});

router.get('/history', (ctx) => new Promise((done) => {
  // ruleid: os-command-injection
  exec('git -C /srv/cms/content log -5 --format=%H%x09%s -- ' + ctx.query.path, (err, stdout) => {
    ctx.body = err ? [] : stdout.trim().split('\n');
    done();
  });
}));

router.post('/hooks/:name', async (ctx) => {
  const hook = ctx.request.body.command;
  if (ENABLE_SHELL_HOOKS) {
    // ok: os-command-injection
    exec(hook);
  }
  ctx.status = 202;
});

router.post('/layouts/preview', async (ctx) => {
  const raw = ctx.request.body.layout;
  // ruleid: code-injection
  const layout = eval('(' + raw + ')');
  // ok: code-injection
  const strict = JSON.parse(raw);
  // ok: code-injection
  const area = new Function('w', 'h', 'return w * h');
  ctx.body = { blocks: (layout.blocks || []).length, strict: !!strict, area: area(Number(strict.w), Number(strict.h)) };
});

router.post('/preview-session', (ctx) => {
  const token = helpers.previewToken(String(ctx.request.body.slug));
  // ruleid: insecure-cookie
  ctx.cookies.set('cms_preview', token, { httpOnly: true, secure: false, maxAge: 3600000 });
  // ok: insecure-cookie
  ctx.cookies.set('cms_preview_v2', token, { httpOnly: true, secure: true, sameSite: 'strict', maxAge: 3600000 });
  ctx.body = { legacy: helpers.legacyPreviewToken('probe').length > 0 };
});

const app = new Koa();
app.proxy = true;
app.use(bodyParser());
app.use(router.routes()).use(router.allowedMethods());

export default app;
if (process.env.NODE_ENV !== 'test') app.listen(Number(process.env.PORT) || 3000);
