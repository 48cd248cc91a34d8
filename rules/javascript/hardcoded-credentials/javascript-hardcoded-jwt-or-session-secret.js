const jwt = require('jsonwebtoken');
const session = require('express-session');
const express = require('express');

const app = express();
// ruleid: javascript-hardcoded-jwt-or-session-secret
app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: false }));
// ok: javascript-hardcoded-jwt-or-session-secret
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));
// ok: javascript-hardcoded-jwt-or-session-secret
app.use(session({ name: 'app-session', secret: process.env.SESSION_SECRET }));

function issue(user) {
  // ruleid: javascript-hardcoded-jwt-or-session-secret
  const a = jwt.sign({ sub: user }, 'super-secret-signing-key', { algorithm: 'HS256' });
  // ok: javascript-hardcoded-jwt-or-session-secret
  const b = jwt.sign({ sub: user }, process.env.JWT_KEY, { algorithm: 'HS256' });
  const signer = require('crypto').createSign('SHA256');
  // ok: javascript-hardcoded-jwt-or-session-secret
  const c = signer.sign(process.env.PRIVATE_KEY, 'base64');
  return [a, b, c];
}

module.exports = { app, issue };
