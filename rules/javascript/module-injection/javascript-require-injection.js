const express = require('express');
const app = express();
const PLUGINS = { csv: './exporters/csv', pdf: './exporters/pdf' };

app.get('/export', async (req, res) => {
  const format = req.query.format;
  // ruleid: javascript-require-injection
  const exporter = require('./exporters/' + format);
  // ruleid: javascript-require-injection
  const lazy = await import(req.query.module);
  // ok: javascript-require-injection
  const safe = require(PLUGINS[format]);
  // ok: javascript-require-injection
  const fixed = require('./exporters/csv');
  res.send(exporter.run() + lazy.run() + safe.run() + fixed.run());
});
