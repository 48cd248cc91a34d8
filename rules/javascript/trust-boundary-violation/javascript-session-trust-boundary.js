const express = require('express');
const session = require('express-session');
const bcrypt = require('bcrypt');
const { User } = require('./models');

const app = express();
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));
const THEMES = ['light', 'dark'];

function rememberPreference(req, key, value) {
  // ruleid: javascript-session-trust-boundary
  req.session[key] = value;
}

app.post('/login', async (req, res) => {
  const user = await User.findOne({ where: { email: req.body.email } });
  const valid = user && (await bcrypt.compare(req.body.password, user.passwordHash));
  if (!valid) {
    return res.status(401).end();
  }
  // ok: javascript-session-trust-boundary
  req.session.userId = user.id;
  // ruleid: javascript-session-trust-boundary
  req.session.role = req.body.role;
  // ok: javascript-session-trust-boundary
  req.session.loginAt = Date.now();
  res.redirect('/');
});

app.post('/preferences', (req, res) => {
  rememberPreference(req, 'locale', req.query.locale);
  // ok: javascript-session-trust-boundary
  rememberPreference(req, 'theme', THEMES[0]);
  // ruleid: javascript-session-trust-boundary
  Object.assign(req.session, req.body);
  const pageSize = parseInt(req.body.pageSize, 10);
  // ok: javascript-session-trust-boundary
  req.session.pageSize = pageSize;
  res.end();
});
