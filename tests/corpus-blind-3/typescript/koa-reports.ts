import Koa, { Context, Next } from 'koa';
import Router from '@koa/router';
import bodyParser from 'koa-bodyparser';
import knexFactory, { Knex } from 'knex';
import mysql from 'mysql2/promise';
import SqlString from 'sqlstring';
import pino from 'pino';
import he from 'he';
import fs from 'node:fs';
import path from 'node:path';
import { exec, execFile } from 'node:child_process';
import { promisify } from 'node:util';

const log = pino({ name: 'reports' });
const sh = promisify(exec);
const shFile = promisify(execFile);

const REPORT_DIR = '/var/reports';
const CSV_NAME = /^[\w-]{1,80}\.csv$/;
const BACK_TARGETS = new Set(['/reports', '/dashboard', '/settings/exports']);
const DEBUG = false;
const TEMPLATES = new Set(['summary', 'monthly', 'audit']);

const clean = (v: unknown) => String(v ?? '').replace(/[\r\n\t]/g, '_');

class ReportRepo {
  constructor(private readonly db: Knex, private readonly pool: mysql.Pool) {}

  byOwner(owner: string) {
    // ruleid: sql-injection
    return this.db.raw(`SELECT id, title FROM reports WHERE owner = '${owner}'`);
  }

  byOwnerSafe(owner: string) {
    // ok: sql-injection
    return this.db.raw('SELECT id, title FROM reports WHERE owner = ?', [owner]);
  }

  titled(q: string) {
    // ruleid: sql-injection
    return this.db('reports').whereRaw(`title LIKE '%${q}%'`).limit(25);
  }

  since(ts: string) {
    // ok: sql-injection
    return this.db('reports').whereRaw('created_at > ?', [ts]).limit(25);
  }

  async bySlug(slug: string) {
    // ruleid: sql-injection
    const [rows] = await this.pool.execute(`SELECT * FROM reports WHERE slug = '${slug}'`);
    return rows;
  }

  async byName(name: string) {
    // ok: sql-injection
    const [rows] = await this.pool.query(`SELECT * FROM reports WHERE name = ${SqlString.escape(name)}`);
    return rows;
  }

  async byId(raw: string) {
    const id = parseInt(raw, 10);
    if (isNaN(id)) throw new Error('bad id');
    // ok: sql-injection
    const [rows] = await this.pool.query('SELECT * FROM reports WHERE id = ' + id);
    return rows;
  }
}

export function createReportsApp(db: Knex = knexFactory({ client: 'pg', connection: process.env.REPORTS_DB_URL })) {
  const app = new Koa();
  const router = new Router({ prefix: '/reports' });
  const pool = mysql.createPool({ uri: process.env.REPORTS_MYSQL_URL });
  const repo = new ReportRepo(db, pool);

  app.use(async (ctx: Context, next: Next) => {
    try {
      await next();
    } catch (err: any) {
      ctx.status = err.status ?? 500;
      log.error({ err }, 'request failed');
      if (DEBUG || process.env.EXPOSE_ERRORS === '1' || true) {
        // ruleid: stack-trace-exposure
        ctx.body = { message: 'internal error', trace: err.stack };
        return;
      }
      ctx.body = { message: 'internal error' };
    }
  });
  app.use(bodyParser());

  router.get('/owner/:owner', async (ctx) => {
    const owner = ctx.params.owner;
    // ruleid: log-injection
    log.info(`owner listing for ${owner} by ${ctx.get('X-User')}`);
    ctx.body = ctx.query.strict ? await repo.byOwnerSafe(owner) : await repo.byOwner(owner);
  });

  router.get('/search', async (ctx) => {
    const q = String(ctx.query.q ?? '');
    // ok: log-injection
    log.info('search q=%s', clean(q));
    ctx.body = ctx.query.since ? await repo.since(String(ctx.query.since)) : await repo.titled(q);
  });

  router.get('/slug/:slug', async (ctx) => {
    ctx.body = await repo.bySlug(ctx.params.slug);
  });

  router.get('/name/:name', async (ctx) => {
    ctx.body = await repo.byName(ctx.params.name);
  });

  router.get('/id/:id', async (ctx) => {
    ctx.body = await repo.byId(ctx.params.id);
  });

  router.get('/files/:name', async (ctx) => {
    // ruleid: path-traversal
    ctx.body = fs.createReadStream(path.join(REPORT_DIR, ctx.params.name));
  });

  router.get('/csv', async (ctx) => {
    const f = String(ctx.query.f ?? '');
    if (!CSV_NAME.test(f)) ctx.throw(400, 'bad file name');
    // ok: header-injection
    ctx.set('Content-Disposition', `attachment; filename="${f}"`);
    // ok: path-traversal
    ctx.body = fs.createReadStream(path.join(REPORT_DIR, f));
  });

  router.get('/download', async (ctx) => {
    const name = String(ctx.query.name ?? 'report.pdf');
    const base = path.basename(name);
    // ok: header-injection
    ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(base)}`);
    // ruleid: header-injection
    ctx.set('X-Report-Name', name);
    // ok: path-traversal
    ctx.body = await fs.promises.readFile(path.resolve(REPORT_DIR, base));
  });

  router.delete('/files', async (ctx) => {
    const { name, file } = ctx.request.body as { name: string; file: string };
    if (!CSV_NAME.test(name)) ctx.throw(400);
    // ruleid: path-traversal
    await fs.promises.unlink(path.resolve(REPORT_DIR, file));
    ctx.status = 204;
  });

  router.get('/view', async (ctx) => {
    const title = String(ctx.query.title ?? '');
    // ruleid: cross-site-scripting
    ctx.body = `<h2>Report: ${title}</h2><div id="chart"></div>`;
  });

  router.get('/view/safe', async (ctx) => {
    const title = he.encode(String(ctx.query.title ?? ''));
    // ok: cross-site-scripting
    ctx.body = `<h2>Report: ${title}</h2><div id="chart"></div>`;
  });

  router.get('/notice', async (ctx) => {
    const msg = ctx.query.msg as string;
    ctx.type = 'html';
    // ruleid: cross-site-scripting
    ctx.body = '<div class="notice">' + msg + '</div>';
  });

  router.post('/render', async (ctx) => {
    const { template, id } = ctx.request.body as { template: string; id: string };
    // ruleid: os-command-injection
    await sh(`wkhtmltopdf --quiet /srv/templates/${template}.html /tmp/report-${id}.pdf`);
    ctx.body = { ok: true };
  });

  router.post('/render/v2', async (ctx) => {
    const { template, id } = ctx.request.body as { template: string; id: string };
    const n = Number(id);
    if (!Number.isInteger(n) || !TEMPLATES.has(template)) ctx.throw(400);
    // ok: os-command-injection
    await sh(`wkhtmltopdf --quiet /srv/templates/${template}.html /tmp/report-${n}.pdf`);
    ctx.body = { ok: true };
  });

  router.post('/render/v3', async (ctx) => {
    const { template } = ctx.request.body as { template: string };
    // ok: os-command-injection
    await shFile('wkhtmltopdf', ['--quiet', `/srv/templates/${path.basename(template)}.html`, '/tmp/report-latest.pdf']);
    ctx.body = { ok: true };
  });

  router.get('/back', async (ctx) => {
    const back = String(ctx.query.back ?? '/reports');
    // ok: open-redirect
    ctx.redirect(BACK_TARGETS.has(back) ? back : '/reports');
  });

  router.get('/leave', async (ctx) => {
    const to = ctx.query.to as string;
    if (/^https:\/\/(www\.)?example\.com/.test(to)) {
      // ruleid: open-redirect
      ctx.redirect(to);
      return;
    }
    // ruleid: open-redirect
    ctx.redirect(ctx.get('Referer') || '/');
  });

  router.post('/prefs', async (ctx) => {
    const { theme, sessionHint } = ctx.request.body as { theme: string; sessionHint: string };
    // ok: insecure-cookie
    ctx.cookies.set('report_theme', theme === 'dark' ? 'dark' : 'light', { httpOnly: false });
    // ruleid: insecure-cookie
    ctx.cookies.set('report_session', sessionHint, { httpOnly: false, secure: false });
    ctx.status = 204;
  });

  router.get('/error', async (ctx) => {
    try {
      await repo.byId(String(ctx.query.id));
    } catch (e) {
      ctx.status = 500;
      // ok: stack-trace-exposure
      ctx.body = { message: 'lookup failed', requestId: ctx.get('X-Request-Id').replace(/[^\w-]/g, '') };
    }
  });

  app.use(router.routes()).use(router.allowedMethods());
  return app;
}
