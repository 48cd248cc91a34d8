// An Express API for a notes service: search, notes on disk, webhooks, uploads.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { exec, execFile } = require('child_process');
const express = require('express');
const mysql = require('mysql');
const yaml = require('js-yaml');
const multer = require('multer');
const cors = require('cors');
const logger = require('./logger');

const app = express();
const db = mysql.createConnection({ host: 'db', user: 'notes' });
const NOTES = '/srv/notes';
const SORTS = { date: 'created_at', title: 'title' };
const DEBUG = false;

function byAuthor(author) {
  return 'SELECT * FROM notes WHERE author = \'' + author + '\'';
}

function runQuery(sql) {
  // ruleid: sql-injection
  db.query(sql, () => {});
}

// ok: insecure-cors-policy
app.use(cors({ origin: ['https://notes.example.com'], credentials: true }));
// ruleid: insecure-cors-policy
app.use('/public', cors({ origin: '*' }));

app.get('/notes', (req, res) => {
  const author = req.query.author;
  // ruleid: sql-injection
  db.query(byAuthor(author), (err, rows) => res.json(rows));
  // ok: sql-injection
  db.query('SELECT * FROM notes WHERE author = ?', [author], () => {});
  const sort = SORTS[req.query.sort] || 'created_at';
  // ok: sql-injection
  db.query('SELECT * FROM notes ORDER BY ' + 'created_at', () => {});
  const page = parseInt(req.query.page, 10);
  // ok: sql-injection
  db.query('SELECT * FROM notes LIMIT 20 OFFSET ' + page * 20, () => {});
  runQuery('SELECT * FROM notes WHERE tag = \'' + req.query.tag + '\'');
  // ruleid: log-injection
  logger.info('listing notes for ' + author);
  // ok: log-injection
  logger.info('listing notes for ' + String(author).replace(/[\r\n]/g, ''));
  void sort;
});

app.get('/notes/:id', (req, res) => {
  // ruleid: path-traversal
  fs.readFile(path.join(NOTES, req.params.id), 'utf8', (err, text) => res.send(text));
});

app.get('/notes-safe/:id', (req, res) => {
  // ok: path-traversal
  fs.readFile(path.join(NOTES, path.basename(req.params.id)), 'utf8', (err, text) => res.send(text));
});

app.post('/render', (req, res) => {
  const title = req.body.title;
  // ruleid: cross-site-scripting
  res.send('<h1>' + title + '</h1>');
  // ok: cross-site-scripting
  res.send('<h1>Notes</h1>');
});

app.post('/export', (req, res) => {
  const format = req.body.format;
  // ruleid: os-command-injection
  exec('pandoc notes.md -o out.' + format);
  // ok: os-command-injection
  execFile('pandoc', ['notes.md', '-o', 'out.' + format]);
  // ok: os-command-injection
  exec('pandoc notes.md -o out.pdf');
  res.end();
});

app.post('/eval', (req, res) => {
  // ruleid: code-injection
  const result = eval(req.body.expression);
  // ok: code-injection
  const fixed = eval('2 + 2');
  res.json({ result, fixed });
});

app.get('/proxy', async (req, res) => {
  // ruleid: server-side-request-forgery
  const upstream = await fetch(req.query.url);
  // ok: server-side-request-forgery
  const health = await fetch('https://status.example.com/health');
  res.send(String(upstream.status + health.status));
});

app.get('/go', (req, res) => {
  if (DEBUG) {
    res.redirect(req.query.to);
  }
  // ruleid: open-redirect
  res.redirect(req.query.next);
});

app.get('/home', (req, res) => {
  // ok: open-redirect
  res.redirect('/dashboard');
});

app.post('/import', (req, res) => {
  // ruleid: untrusted-deserialization
  const settings = yaml.load(req.body.settings, { schema: yaml.DEFAULT_FULL_SCHEMA });
  // ok: untrusted-deserialization
  const plain = JSON.parse(req.body.settings);
  res.json({ settings, plain });
});

app.get('/token', (req, res) => {
  // ruleid: weak-random-number-generation
  const resetToken = Math.random().toString(36).slice(2);
  // ok: weak-random-number-generation
  const apiToken = crypto.randomBytes(32).toString('hex');
  res.json({ resetToken, apiToken });
});

app.get('/etag', (req, res) => {
  // ruleid: insecure-hashing
  const digest = crypto.createHash('md5').update(req.query.body).digest('hex');
  // ok: insecure-hashing
  const strong = crypto.createHash('sha256').update(req.query.body).digest('hex');
  res.json({ digest, strong });
});

app.post('/login', (req, res) => {
  // ruleid: insecure-cookie
  res.cookie('prefs', 'dark', { secure: false });
  // ok: insecure-cookie
  res.cookie('prefs', 'dark', { secure: true, httpOnly: true, sameSite: 'lax' });
  // ruleid: session-fixation
  res.cookie('sessionId', req.body.sid, { secure: true, httpOnly: true });
  // ok: session-fixation
  res.cookie('sessionId', crypto.randomUUID(), { secure: true, httpOnly: true });
  const password = req.body.password;
  // ruleid: sensitive-information-leak
  console.log('login attempt', req.body.user, password);
  // ok: sensitive-information-leak
  console.log('login attempt', req.body.user.length);
  res.end();
});

app.get('/download', (req, res) => {
  // ruleid: header-injection
  res.setHeader('Content-Disposition', 'attachment; filename=' + req.query.name);
  // ok: header-injection
  res.setHeader('Content-Disposition', 'attachment; filename=' + encodeURIComponent(req.query.name));
  res.end();
});

app.get('/find', (req, res) => {
  // ruleid: regular-expression-dos
  const re = new RegExp('^' + req.query.prefix);
  // ok: regular-expression-dos
  const fixed = new RegExp('^[a-z]+$');
  res.json([re.test('a'), fixed.test('b')]);
});

// ruleid: unrestricted-file-upload
const upload = multer({ dest: '/srv/uploads' });
// ok: unrestricted-file-upload
const images = multer({ dest: '/srv/uploads', fileFilter: (r, f, cb) => cb(null, f.mimetype === 'image/png') });

app.post('/notes/:id/attach', upload.single('file'), (req, res) => {
  // ruleid: file-injection
  fs.renameSync(req.file.path, path.join(NOTES, req.body.name));
  // ok: file-injection
  fs.renameSync(req.file.path, path.join(NOTES, crypto.randomUUID()));
  res.end();
});

app.post('/webhook', (req, res) => {
  const signature = req.get('X-Signature');
  const expectedSignature = crypto.createHmac('sha256', 'k').update(req.rawBody).digest('hex');
  // ruleid: timing-attack
  if (signature === expectedSignature) {
    return res.end();
  }
  // ok: timing-attack
  if (crypto.timingSafeEqual(Buffer.from(signature), Buffer.from(expectedSignature))) {
    return res.end();
  }
  res.status(403).end();
  void images;
});

app.use((err, req, res, next) => {
  console.error(err);
  if (req.path.startsWith('/debug')) {
    // ruleid: sensitive-information-leak
    return res.status(500).send(err.stack);
  }
  // ok: sensitive-information-leak
  res.status(500).json({ error: 'internal error' });
});

// ruleid: insecure-socket-bind
app.listen(8080, '0.0.0.0');
