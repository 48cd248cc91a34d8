// Admin console of a shop on Express: users, exports, maintenance jobs, webhooks.
const express = require('express');
const { execFile, exec } = require('child_process');
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const mongoose = require('mongoose');
const { Client } = require('pg');
const fetch = require('node-fetch');
const csurf = require('csurf');
const cookieParser = require('cookie-parser');

const app = express();
const pg = new Client();
const User = mongoose.model('User', new mongoose.Schema({ email: String, role: String }));
const EXPORT_ROOT = path.resolve('/srv/shop/exports');
const ROLES = ['customer', 'staff', 'admin'];
const MAINTENANCE = { vacuum: ['vacuumdb', '--all'], reindex: ['reindexdb', '--all'] };
const VERBOSE = false;

class UserQueries {
  constructor(table) {
    this.table = table;
  }

  byEmail(email) {
    return `SELECT * FROM ${this.table} WHERE email = '${email}'`;
  }

  byRole() {
    return `SELECT * FROM ${this.table} WHERE role = $1`;
  }
}

const queries = new UserQueries('users');

function normaliseEmail(value) {
  return String(value).trim().toLowerCase();
}

app.use(express.json());
app.use(cookieParser());
app.use(csurf({ cookie: { httpOnly: true, secure: true, sameSite: 'strict' } }));

app.get('/admin/users', async (req, res) => {
  const { email, role } = req.query;
  // ruleid: sql-injection
  await pg.query(queries.byEmail(email));
  // ok: sql-injection
  await pg.query(queries.byRole(), [role]);
  const safeRole = ROLES.includes(role) ? role : 'customer';
  // ok: sql-injection
  await pg.query('SELECT * FROM users WHERE role = $1', [safeRole]);
  const ids = (req.query.ids || '').split(',').map((id) => parseInt(id, 10)).filter(Number.isInteger);
  // ok: sql-injection
  await pg.query(`SELECT * FROM users WHERE id IN (${ids.join(',')})`);
  // ruleid: sql-injection
  await pg.query('SELECT * FROM users WHERE email = \'' + normaliseEmail(email) + '\'');
  res.json({});
});

app.post('/admin/users/role', async (req, res) => {
  // ruleid: nosql-injection
  await User.updateOne({ email: req.body.email }, { role: 'staff' });
  // ok: nosql-injection
  await User.updateOne({ email: String(req.body.email) }, { role: 'staff' });
  res.end();
});

app.get('/admin/exports/:name', (req, res) => {
  const requested = path.resolve(EXPORT_ROOT, req.params.name);
  // ruleid: path-traversal
  const stream = fs.createReadStream(requested);
  if (!requested.startsWith(EXPORT_ROOT + path.sep)) {
    return res.status(403).end();
  }
  // ok: path-traversal
  fs.createReadStream(requested).pipe(res);
  stream.destroy();
});

app.post('/admin/maintenance/:job', (req, res) => {
  const job = MAINTENANCE[req.params.job];
  if (!job) {
    return res.status(404).end();
  }
  // ok: os-command-injection
  execFile(job[0], job.slice(1), () => res.end());
  // ruleid: os-command-injection
  exec(`pg_dump ${req.body.database} > /tmp/dump.sql`);
  const table = /^[a-z_]+$/.test(req.body.table) ? req.body.table : 'orders';
  // ok: os-command-injection
  execFile('pg_dump', ['--table', table, 'shop']);
});

app.post('/admin/webhooks/test', async (req, res) => {
  const target = new URL(req.body.url);
  // ruleid: server-side-request-forgery
  await fetch(target.toString(), { method: 'POST' });
  if (target.hostname === 'hooks.example.com') {
    // ok: server-side-request-forgery
    await fetch('https://hooks.example.com/test', { method: 'POST' });
  }
  res.end();
});

app.get('/admin/preview', (req, res) => {
  const title = req.query.title;
  // ruleid: cross-site-scripting
  res.send(`<h1>${title}</h1>`);
});

app.get('/admin/preview-safe', (req, res) => {
  const title = String(req.query.title).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  // ok: cross-site-scripting
  res.send(`<h1>${title}</h1>`);
});

app.get('/admin/report', (req, res) => {
  const pattern = req.query.filter;
  // ruleid: regular-expression-dos
  const matcher = new RegExp(pattern);
  // ok: regular-expression-dos
  const fixed = new RegExp('^[A-Z]{3}-\\d{4}$');
  if (VERBOSE) {
    // ok: log-injection
    console.info('report requested');
  }
  // ruleid: log-injection
  console.info('report filter ' + pattern);
  res.json({ a: matcher.test('x'), b: fixed.test('x') });
});

app.post('/admin/impersonate', (req, res) => {
  // ruleid: session-fixation
  res.cookie('sid', req.body.sessionId, { httpOnly: true, secure: true });
  // ruleid: trust-boundary-violation
  req.session.role = req.body.role;
  // ok: trust-boundary-violation
  req.session.role = ROLES.includes(req.body.role) ? 'staff' : 'customer';
  res.end();
});

function apiKey() {
  // ruleid: weak-random-number-generation
  const adminApiKey = Math.random().toString(36).substring(2);
  // ok: weak-random-number-generation
  const rotationKey = crypto.randomBytes(24).toString('base64url');
  return `${adminApiKey}.${rotationKey}`;
}

function fingerprint(password, salt) {
  // ruleid: insecure-hashing
  const weak = crypto.createHash('md5').update(password + salt).digest('hex');
  // ok: insecure-hashing
  const strong = crypto.scryptSync(password, salt, 64).toString('hex');
  return weak + strong;
}

// ok: insecure-socket-bind
app.listen(process.env.PORT || 4000, 'localhost');

module.exports = { app, apiKey, fingerprint };
