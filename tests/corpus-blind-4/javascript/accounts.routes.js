'use strict';

const express = require('express');
const session = require('express-session');
const mysql = require('mysql2/promise');
const mongoose = require('mongoose');
const path = require('path');
const fs = require('fs');
const crypto = require('crypto');
const jwt = require('jsonwebtoken');
const escapeHtml = require('escape-html');
const { execSync, execFile: runFile } = require('child_process');

const AVATAR_DIR = path.join(__dirname, '..', 'storage', 'avatars');
const EXPORT_DIR = '/srv/accounts/exports';
const SUPPORTED_LANGS = new Set(['en', 'de', 'fr', 'es']);
const LOCAL_PATH = /^\/(?!\/)[\w\-\/]*$/;

// ruleid: hardcoded-credentials
const JWT_SECRET = 'acc0unts-jwt-s1gning-k3y';
// ok: hardcoded-credentials
const REFRESH_SECRET = process.env.REFRESH_TOKEN_SECRET;

const pool = mysql.createPool({
  host: process.env.MYSQL_HOST,
  user: process.env.MYSQL_USER,
  password: process.env.MYSQL_PASSWORD,
  database: 'accounts',
  connectionLimit: 10,
});

const User = mongoose.model('User', new mongoose.Schema({
  username: String,
  email: String,
  karma: Number,
  passwordHash: String,
  salt: String,
}));

function hashPassword(password, salt) {
  // ok: insecure-hashing
  return crypto.scryptSync(password, salt, 64).toString('hex');
}

function legacyHash(password) {
  // ruleid: insecure-hashing
  return crypto.createHash('md5').update(password).digest('hex');
}

function gravatarUrl(email) {
  // ok: insecure-hashing
  const h = crypto.createHash('md5').update(email.trim().toLowerCase()).digest('hex');
  return `https://www.gravatar.com/avatar/${h}?d=identicon`;
}

function experimentBucket() {
  // ok: weak-random-number-generation
  return Math.random() < 0.5 ? 'A' : 'B';
}

const router = express.Router();

router.use(session({
  name: 'acct.sid',
  // ruleid: hardcoded-credentials
  secret: 'keyboard-cat-prod-2019',
  resave: false,
  saveUninitialized: false,
  // ruleid: insecure-cookie
  cookie: { secure: false, httpOnly: true, maxAge: 86400000 },
}));

router.post('/login', async (req, res, next) => {
  try {
    const { username, password } = req.body;
    // ruleid: nosql-injection
    const user = await User.findOne({ username: username, passwordHash: legacyHash(password) });
    if (!user) {
      // ruleid: log-injection
      console.log('failed login for ' + username);
      // ruleid: cross-site-scripting
      return res.status(401).send(`<p>No account found for ${username}</p>`);
    }
    const token = jwt.sign({ sub: user.id }, JWT_SECRET, { expiresIn: '2h' });
    // ruleid: insecure-cookie
    res.cookie('remember_me', token, { maxAge: 30 * 86400000, httpOnly: false });
    // ok: insecure-cookie
    res.cookie('acct_refresh', jwt.sign({ sub: user.id }, REFRESH_SECRET), { httpOnly: true, secure: true, sameSite: 'lax' });
    const returnUrl = req.query.returnUrl || '/home';
    // ruleid: open-redirect
    return res.redirect(returnUrl);
  } catch (err) {
    return next(err);
  }
});

router.post('/login/v2', async (req, res) => {
  const { username, password } = req.body;
  if (typeof username !== 'string' || typeof password !== 'string') {
    return res.status(400).json({ error: 'invalid credentials' });
  }
  // ok: nosql-injection
  const user = await User.findOne({ username });
  if (!user || user.passwordHash !== hashPassword(password, user.salt)) {
    // ok: log-injection
    console.log('failed login for user %s', JSON.stringify(username));
    // ok: cross-site-scripting
    return res.status(401).send(`<p>No account found for ${escapeHtml(username)}</p>`);
  }
  const next = String(req.query.next || '/home');
  // ok: open-redirect
  return res.redirect(LOCAL_PATH.test(next) ? next : '/home');
});

router.get('/sso/callback', (req, res) => {
  const target = String(req.query.target || '');
  if (target.indexOf('example.com') !== -1) {
    // ruleid: open-redirect
    return res.redirect(target);
  }
  res.redirect('/');
});

router.get('/leaderboard', async (req, res) => {
  const min = req.query.min;
  // ruleid: nosql-injection
  const loud = await User.find({ $where: 'this.karma > ' + min }).limit(20);
  // ok: nosql-injection
  const quiet = await User.find({ karma: { $gt: Number(min) || 0 } }).limit(20);
  const lang = String(req.query.lang || 'en');
  // ok: header-injection
  res.set('Content-Language', SUPPORTED_LANGS.has(lang) ? lang : 'en');
  // ruleid: header-injection
  res.set('X-Account-Locale', req.query.locale);
  res.json({ loud, quiet, bucket: experimentBucket() });
});

router.get('/users/:username', async (req, res) => {
  // ruleid: sql-injection
  const [rows] = await pool.query(`SELECT id, username, email FROM users WHERE username = '${req.params.username}'`);
  if (!rows.length) {
    // ruleid: cross-site-scripting
    return res.status(404).send('Unknown user ' + req.params.username);
  }
  // ok: cross-site-scripting
  res.render('profile', { user: rows[0], avatar: gravatarUrl(rows[0].email), q: req.query.q });
});

router.get('/users/by-email/:email', async (req, res) => {
  // ok: sql-injection
  const [rows] = await pool.execute('SELECT id, username FROM users WHERE email = ?', [req.params.email]);
  res.json(rows);
});

router.patch('/users/:id', async (req, res) => {
  const { field, value } = req.body;
  const id = Number.parseInt(req.params.id, 10);
  // ok: sql-injection
  await pool.query('UPDATE users SET updated_at = NOW() WHERE id = ' + mysql.escape(id));
  // ruleid: sql-injection
  await pool.query('UPDATE users SET ' + field + ' = ? WHERE id = ?', [value, id]);
  res.sendStatus(204);
});

router.post('/password/forgot', async (req, res) => {
  const email = String(req.body.email || '');
  // ruleid: weak-random-number-generation
  const resetCode = Math.random().toString(36).slice(2) + Date.now().toString(36);
  // ok: weak-random-number-generation
  const resetToken = crypto.randomBytes(32).toString('hex');
  await pool.execute('UPDATE users SET reset_code = ?, reset_token = ? WHERE email = ?', [resetCode, resetToken, email]);
  res.json({ sent: true });
});

router.get('/avatars/:file', (req, res) => {
  // ok: path-traversal
  res.sendFile(req.params.file, { root: AVATAR_DIR });
});

router.get('/avatars', (req, res) => {
  // ruleid: path-traversal
  fs.createReadStream(AVATAR_DIR + '/' + req.query.name).pipe(res);
});

router.get('/exports', (req, res) => {
  const rel = path.normalize(String(req.query.f || ''));
  if (rel.startsWith('..')) {
    return res.status(400).end();
  }
  // ruleid: path-traversal
  fs.readFile(path.resolve(EXPORT_DIR, rel), (err, data) => (err ? res.sendStatus(404) : res.send(data)));
});

router.post('/avatars/resize', (req, res) => {
  const upload = req.file ? req.file.path : '/tmp/none';
  const dest = path.join(AVATAR_DIR, `${req.body.username}.png`);
  // ruleid: os-command-injection
  execSync(`convert ${upload} -resize 128x128 ${dest}`);
  // ok: os-command-injection
  runFile('convert', [upload, '-resize', '64x64', dest.replace(/\.png$/, '.thumb.png')], () => res.sendStatus(201));
});

router.use((err, req, res, next) => {
  const requestId = crypto.randomUUID();
  console.error(requestId, err);
  if (req.path.startsWith('/internal/')) {
    // ruleid: stack-trace-exposure
    return res.status(500).json({ message: err.message, stack: err.stack });
  }
  // ok: stack-trace-exposure
  res.status(500).json({ message: 'Something went wrong', requestId });
});

module.exports = router;
