const express = require('express');
const app = express();

app.get('/download', (req, res) => {
  const name = req.query.name;
  // ruleid: javascript-response-header-injection
  res.setHeader('Content-Disposition', 'attachment; filename=' + name);
  // ruleid: javascript-response-header-injection
  res.set('X-Request-Id', req.get('X-Request-Id'));
  // ok: javascript-response-header-injection
  res.setHeader('Content-Disposition', 'attachment; filename=' + encodeURIComponent(name));
  // ok: javascript-response-header-injection
  res.setHeader('Cache-Control', 'no-store');
  res.send('data');
});
