const crypto = require('crypto');

function generateResetToken() {
  // ruleid: javascript-math-random-security-value
  return Math.random().toString(36).slice(2) + Date.now().toString(36);
}

function randomPassword(length) {
  const chars = 'abcdefghijkmnpqrstuvwxyz23456789';
  let out = '';
  for (let i = 0; i < length; i += 1) {
    // ruleid: javascript-math-random-security-value
    out += chars[Math.floor(Math.random() * chars.length)];
  }
  return out;
}

function createSession(user) {
  return {
    user,
    // ruleid: javascript-math-random-security-value
    sessionId: Math.random().toString(16).substring(2),
  };
}

function sendLoginCode(user) {
  // ruleid: javascript-math-random-security-value
  const verificationCode = String(Math.floor(100000 + Math.random() * 900000));
  user.notify(verificationCode);
}

function secureToken() {
  // ok: javascript-math-random-security-value
  return crypto.randomBytes(32).toString('hex');
}

function shuffle(items) {
  // ok: javascript-math-random-security-value
  return items.map((item) => [Math.random(), item]).sort((a, b) => a[0] - b[0]).map(([, item]) => item);
}

function jitter(delay) {
  // ok: javascript-math-random-security-value
  const backoff = delay * (1 + Math.random());
  return backoff;
}

function chartColor() {
  // ok: javascript-math-random-security-value
  return `hsl(${Math.floor(Math.random() * 360)}, 70%, 50%)`;
}

module.exports = { generateResetToken, randomPassword, createSession, sendLoginCode, secureToken, shuffle, jitter, chartColor };

function layout(nodes) {
  // ok: javascript-math-random-security-value
  const snapshotPath = `/tmp/layout-${Math.random()}`;
  // ok: javascript-math-random-security-value
  const tokenizerSeed = Math.random();
  // ruleid: javascript-math-random-security-value
  const CSRF_TOKEN = Math.random().toString(36);
  // ruleid: javascript-math-random-security-value
  const api_key = Math.random().toString(36);
  return [nodes, snapshotPath, tokenizerSeed, CSRF_TOKEN, api_key];
}
