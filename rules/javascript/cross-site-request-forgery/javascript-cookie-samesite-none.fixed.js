const express = require('express');
const session = require('express-session');

const app = express();
app.use(session({
  secret: process.env.SESSION_SECRET,
  // ruleid: javascript-cookie-samesite-none
  cookie: { secure: true, httpOnly: true, sameSite: 'lax' },
}));

app.get('/prefs', (req, res) => {
  // ok: javascript-cookie-samesite-none
  res.cookie('theme', 'dark', { secure: true, httpOnly: true, sameSite: 'lax' });
  // ruleid: javascript-cookie-samesite-none
  res.cookie('embed', 'yes', { secure: true, sameSite: 'lax' });
  // ok: javascript-cookie-samesite-none
  res.cookie('legacy', 'yes', { secure: true, sameSite: false });
  res.end();
});

module.exports = app;
