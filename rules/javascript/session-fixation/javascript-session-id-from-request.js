const crypto = require('crypto');
const express = require('express');
const app = express();

app.post('/login', (req, res) => {
  // ruleid: javascript-session-id-from-request
  res.cookie('sessionId', req.query.sid, { secure: true, httpOnly: true });
  // ok: javascript-session-id-from-request
  res.cookie('sessionId', crypto.randomBytes(32).toString('hex'), { secure: true, httpOnly: true });
  // ok: javascript-session-id-from-request
  res.cookie('theme', req.query.theme, { secure: true, httpOnly: true });
  res.end();
});
