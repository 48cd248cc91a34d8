const crypto = require('crypto');
const express = require('express');

const app = express();

// ruleid: javascript-weak-random-reaches-secret
const digits = (n) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');

app.post('/login', (req, res) => {
  // ruleid: javascript-weak-random-reaches-secret
  const v = Math.random().toString(36).slice(2);
  res.cookie('remember', v, { httpOnly: true, secure: true });
  // ruleid: javascript-weak-random-reaches-secret
  const six = String(Math.floor(100000 + Math.random() * 900000));
  req.session.code = six;
  res.send('ok');
});

app.get('/pair', (req, res) => {
  const value = digits(6);
  const pairingCode = value;
  // ruleid: javascript-weak-random-reaches-secret
  res.setHeader('X-Auth-Token', 't' + Math.random());
  res.json({ pairingCode });
});

function newSessionId() {
  // ruleid: javascript-weak-random-reaches-secret
  const n = Math.floor(Math.random() * 1e9);
  return n.toString(16);
}

app.get('/strong', (req, res) => {
  const v = crypto.randomBytes(16).toString('hex');
  // ok: javascript-weak-random-reaches-secret
  res.cookie('remember', v, { httpOnly: true, secure: true });
  const shade = Math.floor(Math.random() * 255);
  // ok: javascript-weak-random-reaches-secret
  res.setHeader('X-Theme-Shade', String(shade));
  // ok: javascript-weak-random-reaches-secret
  const label = 'item-' + shade;
  // ok: javascript-weak-random-reaches-secret
  req.session.theme = 'dark';
  res.send(label + newSessionId());
});

// Names that say the value is a secret, and names that only look like it.
function generateResetToken() {
  // ruleid: javascript-weak-random-reaches-secret
  return Math.random().toString(36).slice(2) + Date.now().toString(36);
}

function randomPassword(length) {
  const chars = 'abcdefghijkmnpqrstuvwxyz23456789';
  let out = '';
  for (let i = 0; i < length; i += 1) {
    // ruleid: javascript-weak-random-reaches-secret
    out += chars[Math.floor(Math.random() * chars.length)];
  }
  return out;
}

function createSession(user) {
  return {
    user,
    // ruleid: javascript-weak-random-reaches-secret
    sessionId: Math.random().toString(16).substring(2),
  };
}

function sendLoginCode(user) {
  // ruleid: javascript-weak-random-reaches-secret
  const verificationCode = String(Math.floor(100000 + Math.random() * 900000));
  user.notify(verificationCode);
}

function secureToken() {
  // ok: javascript-weak-random-reaches-secret
  return crypto.randomBytes(32).toString('hex');
}

function shuffle(items) {
  // ok: javascript-weak-random-reaches-secret
  return items.map((item) => [Math.random(), item]).sort((a, b) => a[0] - b[0]).map(([, item]) => item);
}

function jitter(delay) {
  // ok: javascript-weak-random-reaches-secret
  const backoff = delay * (1 + Math.random());
  return backoff;
}

function chartColor() {
  // ok: javascript-weak-random-reaches-secret
  return `hsl(${Math.floor(Math.random() * 360)}, 70%, 50%)`;
}

module.exports.names = { generateResetToken, randomPassword, createSession, sendLoginCode, secureToken, shuffle, jitter, chartColor };

function layout(nodes) {
  // ok: javascript-weak-random-reaches-secret
  const snapshotPath = `/tmp/layout-${Math.random()}`;
  // ok: javascript-weak-random-reaches-secret
  const tokenizerSeed = Math.random();
  // ruleid: javascript-weak-random-reaches-secret
  const CSRF_TOKEN = Math.random().toString(36);
  // ruleid: javascript-weak-random-reaches-secret
  const api_key = Math.random().toString(36);
  return [nodes, snapshotPath, tokenizerSeed, CSRF_TOKEN, api_key];
}
