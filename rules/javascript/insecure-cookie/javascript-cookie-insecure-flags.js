const express = require('express');
const session = require('express-session');
const cookieSession = require('cookie-session');

const app = express();
const ONE_DAY = 24 * 60 * 60 * 1000;
const isProduction = process.env.NODE_ENV === 'production';

app.use(session({
  secret: process.env.SESSION_SECRET,
  resave: false,
  saveUninitialized: false,
  // ruleid: javascript-cookie-insecure-flags
  cookie: { maxAge: ONE_DAY, secure: false },
}));

app.use(cookieSession({
  name: 'app',
  keys: [process.env.COOKIE_KEY],
  // ok: javascript-cookie-insecure-flags
  cookie: { secure: isProduction, httpOnly: true, sameSite: 'lax' },
}));

app.post('/login', (req, res) => {
  const token = issueToken(req.body.user);
  // ruleid: javascript-cookie-insecure-flags
  res.cookie('access_token', token, { httpOnly: true, maxAge: ONE_DAY });
  // ruleid: javascript-cookie-insecure-flags
  res.cookie('remember_me', '1', { secure: true, httpOnly: false });
  // ruleid: javascript-cookie-insecure-flags
  res.cookie('sid', token);
  // ok: javascript-cookie-insecure-flags
  res.cookie('refresh_token', token, { httpOnly: true, secure: true, sameSite: 'strict' });
  // ok: javascript-cookie-insecure-flags
  res.cookie('session', token, { httpOnly: true, secure: isProduction });
  // ok: javascript-cookie-insecure-flags
  res.cookie('theme', req.body.theme, { maxAge: ONE_DAY });
  res.json({ ok: true });
});

// Fastify (@fastify/cookie) and Hapi
fastify.post('/signin', async (request, reply) => {
  const token = issueToken(request.body.user);
  // ruleid: javascript-cookie-insecure-flags
  reply.setCookie('auth_token', token, { path: '/' });
  // ok: javascript-cookie-insecure-flags (a preference cookie is meant to be read by scripts)
  reply.setCookie('prefs', '1', { httpOnly: false });
  // ruleid: javascript-cookie-insecure-flags
  reply.setCookie('sid', token, { httpOnly: false, secure: true });
  // ok: javascript-cookie-insecure-flags
  reply.setCookie('auth_token', token, { path: '/', secure: true, httpOnly: true });
  return { ok: true };
});

server.route({
  method: 'POST',
  path: '/signin',
  handler: (request, h) => {
    // ruleid: javascript-cookie-insecure-flags
    h.state('session', issueToken(request.payload.user), { isSecure: false });
    // ok: javascript-cookie-insecure-flags
    h.state('session', issueToken(request.payload.user), { isSecure: true, isHttpOnly: true });
    return h.response('ok');
  },
});
// ruleid: javascript-cookie-insecure-flags
server.state('flash', { isHttpOnly: false, path: '/' });

// Options held in names.
const relaxedCookie = { httpOnly: false, secure: false, maxAge: 86400000 };
const strictCookie = { httpOnly: true, secure: true, sameSite: 'strict' };
const plainState = { isSecure: false, path: '/' };

app.post('/remember', (req, res) => {
  // ruleid: javascript-cookie-insecure-flags
  res.cookie('remember_me', issueToken(req.body.user), relaxedCookie);
  // ok: javascript-cookie-insecure-flags
  res.cookie('remember_me', issueToken(req.body.user), strictCookie);
  res.end();
});

server.route({
  method: 'GET',
  path: '/prefs',
  handler: (request, h) => {
    // ruleid: javascript-cookie-insecure-flags
    h.state('prefs_session', request.query.theme, plainState);
    return h.response('ok');
  },
});

const sessionCookie = { httpOnly: true, sameSite: 'lax' };
const cookieSettings = new Map([['session', { secure: false }]]);

function setSession(res, id, options) {
  // ruleid: javascript-cookie-insecure-flags
  res.cookie('session_id', id, sessionCookie);
  // ok: javascript-cookie-insecure-flags
  res.cookie('session_id', id, options);
  // ruleid: javascript-cookie-insecure-flags
  res.cookie('prefs', id, cookieSettings.get('session'));
  // ok: javascript-cookie-insecure-flags
  res.cookie('prefs', id, [strictCookie][0]);
}

app.get('/legacy-login', (req, res) => {
  const sid = issueToken(req.query.user);
  // ruleid: javascript-cookie-insecure-flags
  res.setHeader('Set-Cookie', `admin_session=${sid}; Path=/; HttpOnly`);
  // ok: javascript-cookie-insecure-flags
  res.setHeader('Set-Cookie', `admin_session=${sid}; Path=/; HttpOnly; Secure`);
  // ok: javascript-cookie-insecure-flags
  res.append('Set-Cookie', 'theme=dark; Path=/');
  res.end();
});

const lookup = new Map();
// ok: javascript-cookie-insecure-flags
lookup.set('key', 'value', strictCookie);

const mailer = {
  host: 'smtp.example.com',
  port: 587,
  // ok: javascript-cookie-insecure-flags
  secure: false,
};

function issueToken(user) {
  return `${user}.${Date.now()}`;
}

module.exports = { app, mailer };
