const util = require('util');
const express = require('express');
const app = express();

app.get('/greet', (req, res) => {
  // ruleid: javascript-util-format-user-template
  const text = util.format(req.query.template, req.user);
  // ok: javascript-util-format-user-template
  const safe = util.format('Hello %s', req.query.name);
  res.send(text + safe);
});
