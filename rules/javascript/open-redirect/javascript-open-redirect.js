const express = require('express');

const app = express();
const HOME = '/dashboard';

function finishLogin(res, target) {
  // ruleid: javascript-open-redirect
  res.redirect(302, target);
}

app.post('/login', (req, res) => {
  const next = req.query.next || HOME;
  finishLogin(res, next);
  // ok: javascript-open-redirect
  finishLogin(res, HOME);
});

app.get('/go', (req, res) => {
  // ruleid: javascript-open-redirect
  res.redirect(req.query.url);
  // ok: javascript-open-redirect
  res.redirect('/orders/' + req.query.order);
  // ok: javascript-open-redirect
  res.redirect(`https://shop.example.com/search?q=${encodeURIComponent(req.query.q)}`);
  // ok: javascript-open-redirect
  res.redirect(HOME);
});

app.get('/legacy', (req, res) => {
  // ruleid: javascript-open-redirect
  res.writeHead(301, { Location: req.query.to });
  // ruleid: javascript-open-redirect
  res.setHeader('Location', req.get('referer'));
  // ok: javascript-open-redirect
  res.setHeader('X-Requested-Url', req.query.to);
  res.end();
});

const RETURN_PATHS = ['/dashboard', '/settings'];

app.get('/return', (req, res) => {
  const dest = req.query.to;
  // ok: javascript-open-redirect
  res.redirect(RETURN_PATHS.includes(dest) ? dest : HOME);
  // ok: javascript-open-redirect
  res.redirect(/^\/[a-z]+$/.test(dest) ? dest : HOME);
  // ruleid: javascript-open-redirect
  res.redirect(RETURN_PATHS.includes(dest) ? HOME : dest);
  // ruleid: javascript-open-redirect
  res.redirect(dest.length > 1 ? dest : HOME);
  // ruleid: javascript-open-redirect
  res.redirect(req.query[dest] ? dest : HOME);
});

/* browser part of the login page */
export function afterLogin() {
  const params = new URLSearchParams(window.location.search);
  const returnTo = params.get('returnTo');
  if (returnTo) {
    // ruleid: javascript-open-redirect
    window.location.href = returnTo;
  } else {
    // ok: javascript-open-redirect
    window.location.href = HOME;
  }
  // ruleid: javascript-open-redirect
  location.assign(decodeURIComponent(location.hash.slice(1)));
  // ok: javascript-open-redirect
  location.assign('/profile#' + location.hash.slice(1));
}

const OUTBOUND = new Set(['docs.example.org', 'status.example.org']);

app.get('/away', (req, res) => {
  const target = String(req.query.to || '/');
  let parsed;
  try {
    parsed = new URL(target, 'https://shop.example.com');
  } catch {
    return res.status(400).end();
  }
  if (!OUTBOUND.has(parsed.hostname)) {
    return res.status(400).end();
  }
  // ok: javascript-open-redirect
  res.redirect(parsed.href);
});

app.get('/away/any', (req, res) => {
  const target = String(req.query.to || '/');
  const parsed = new URL(target, 'https://shop.example.com');
  if (parsed.protocol !== 'https:') {
    return res.status(400).end();
  }
  // ruleid: javascript-open-redirect
  res.redirect(target);
});

const LOGIN_PAGE = 'https://accounts.shop.example.com/login';

app.get('/account', (req, res) => {
  const back = req.originalUrl;
  // ok: javascript-open-redirect
  res.redirect(LOGIN_PAGE + '?next=' + encodeURIComponent(back));
});

app.get('/account/search', (req, res) => {
  const query = new URLSearchParams({ q: req.query.q }).toString();
  // ok: javascript-open-redirect
  res.redirect(LOGIN_PAGE + '?' + query);
});

app.get('/account/back', (req, res) => {
  const back = req.query.back;
  // ruleid: javascript-open-redirect
  res.redirect(back + '?from=' + encodeURIComponent(req.path));
});

const isLocalPath = (p) => typeof p === 'string' && p.startsWith('/') && !p.startsWith('//') && !p.includes('\\');

app.get('/local/after', (req, res) => {
  const next = String(req.query.next || '/');
  if (next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')) {
    // ok: javascript-open-redirect
    return res.redirect(next);
  }
  if (next.startsWith('/') && !next.startsWith('//')) {
    // ruleid: javascript-open-redirect
    return res.redirect(next);
  }
  let back = req.query.back;
  if (!back.startsWith('/') || back.startsWith('//') || back.includes('\\')) {
    back = '/';
  }
  // ok: javascript-open-redirect
  res.redirect(back);
});

app.get('/local/checked', (req, res) => {
  const { target, other } = req.query;
  if (isLocalPath(other)) {
    // ok: javascript-open-redirect
    return res.redirect(other);
  }
  if (target.startsWith('/')) {
    // ruleid: javascript-open-redirect
    return res.redirect(target);
  }
  res.redirect(HOME);
});
