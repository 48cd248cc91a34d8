const express = require('express');
const cookieParser = require('cookie-parser');
const serialize = require('node-serialize');

const app = express();
app.use(cookieParser());

app.get('/preferences', (req, res) => {
  const raw = Buffer.from(req.cookies.prefs || '', 'base64').toString();
  // ruleid: javascript-node-serialize-unserialize
  const prefs = serialize.unserialize(raw);
  res.json(prefs);
});

app.post('/preferences', (req, res) => {
  // ok: javascript-node-serialize-unserialize
  const prefs = JSON.parse(req.body.prefs);
  // ok: javascript-node-serialize-unserialize
  res.cookie('prefs', Buffer.from(serialize.serialize(prefs)).toString('base64'));
  res.end();
});

// ok: javascript-node-serialize-unserialize
const defaults = serialize.unserialize('{"theme":"light"}');

module.exports = { app, defaults };
