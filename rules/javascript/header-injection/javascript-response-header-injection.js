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

app.get('/export/:kind', (req, res) => {
  const label = `${req.params.kind}-export.csv`;
  // ruleid: javascript-response-header-injection
  res.writeHead(200, { 'Content-Disposition': `attachment; filename="${label}"` });
  const tidy = req.params.kind.replace(/[^\w.-]/g, '_');
  // ok: javascript-response-header-injection
  res.setHeader('Content-Disposition', `attachment; filename="${tidy}.csv"`);
  const oneLine = String(req.query.note).replace(/[\r\n]+/g, ' ');
  // ok: javascript-response-header-injection
  res.append('X-Note', oneLine);
  const loose = String(req.query.note).replace(/<script>/g, '');
  // ruleid: javascript-response-header-injection
  res.append('X-Note', loose);
  res.end();
});

function attachTrace(out, id) {
  // ruleid: javascript-response-header-injection
  out.header('X-Trace', id);
  return out;
}

app.get('/trace', (req, res) => {
  attachTrace(res, req.headers['x-trace-id']);
  const cache = new Map();
  // ok: javascript-response-header-injection
  cache.set('X-Trace', req.headers['x-trace-id']);
  res.json({ size: cache.size });
});

exports.handler = async (event) => {
  const back = event.queryStringParameters.back;
  // ok: javascript-response-header-injection
  const upstream = { headers: { 'X-Back': back } };
  return {
    statusCode: 302,
    headers: {
      // ruleid: javascript-response-header-injection
      Location: `https://app.example.org/${back}`,
    },
    body: JSON.stringify(upstream),
  };
};
