const express = require('express');
const escapeHtml = require('escape-html');
const he = require('he');
const fs = require('fs');
const path = require('path');

const app = express();
const GREETING = '<h1>Welcome</h1>';

function page(title, body) {
  return `<!doctype html><title>${title}</title><main>${body}</main>`;
}

function notFound(res, what) {
  // ruleid: javascript-xss-response-send
  res.status(404).send('<p>No such item: ' + what + '</p>');
}

app.get('/search', (req, res) => {
  const q = req.query.q;
  // ruleid: javascript-xss-response-send
  res.send(page('Search', `<p>Results for ${q}</p>`));
  // ok: javascript-xss-response-send
  res.send(page('Search', `<p>Results for ${escapeHtml(q)}</p>`));
  // ok: javascript-xss-response-send
  res.send(page('Search', `<p>Results for ${he.encode(q)}</p>`));
  // ok: javascript-xss-response-send
  res.json({ query: q, results: [] });
  // ok: javascript-xss-response-send
  res.send({ query: q });
  // ok: javascript-xss-response-send
  res.type('text/plain').send(`You searched for ${q}`);
  // ok: javascript-xss-response-send
  res.send(GREETING);
});

app.get('/items/:id', (req, res) => {
  const id = Number(req.params.id);
  if (Number.isNaN(id)) {
    notFound(res, req.params.id);
    return;
  }
  // ok: javascript-xss-response-send
  res.send(`<p>Item ${id}</p>`);
});

app.post('/comment', (req, res) => {
  res.setHeader('Content-Type', 'text/html');
  // ruleid: javascript-xss-response-send
  res.write('<li>' + req.body.comment + '</li>');
  // ruleid: javascript-xss-response-send
  res.end(`<footer>${req.get('User-Agent')}</footer>`);
});

app.get('/label', (req, res) => {
  const escaped = String(req.query.label).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  // ok: javascript-xss-response-send
  res.send(`<span>${escaped}</span>`);
  const trimmed = String(req.query.label).replace(/[\r\n]/g, '');
  // ruleid: javascript-xss-response-send
  res.send(`<span>${trimmed}</span>`);
});

// Hapi: a string response is sent as text/html
server.route({
  method: 'GET',
  path: '/badge',
  handler: (request, h) => {
    // ruleid: javascript-xss-response-send
    return h.response('<b>' + request.query.label + '</b>');
  },
});
server.route({
  method: 'GET',
  path: '/badge.json',
  handler: (request, toolkit) => {
    // ok: javascript-xss-response-send
    return toolkit.response({ label: request.query.label });
  },
});

// Objects and arrays are sent as JSON, under any name.
app.get('/lookup', (req, res) => {
  const payload = { query: req.query.q, results: [] };
  // ok: javascript-xss-response-send
  res.send(payload);
  const names = [req.query.first, req.query.last];
  // ok: javascript-xss-response-send
  res.status(200).send(names);
  const markup = '<p>' + req.query.q + '</p>';
  // ruleid: javascript-xss-response-send
  res.send(markup);
});

app.get('/help/:topic', (req, res) => {
  const file = path.join(__dirname, 'help', path.basename(req.params.topic) + '.html');
  if (!fs.existsSync(file)) {
    // ruleid: javascript-xss-response-send
    return res.status(404).send(`<p>No help on ${req.params.topic}</p>`);
  }
  // ok: javascript-xss-response-send
  res.send(fs.readFileSync(file, 'utf8'));
});

exports.greet = async (event) => {
  const who = event.queryStringParameters.name;
  if (event.headers.accept === 'application/json') {
    // ok: javascript-xss-response-send
    return { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ who }) };
  }
  // ruleid: javascript-xss-response-send
  return { statusCode: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: `<h1>Hello ${who}</h1>` };
};
