const express = require('express');
const axios = require('axios');
const http = require('http');

const app = express();
const CATALOG_API = 'https://catalog.internal.example.com';

function download(target) {
  // ruleid: javascript-ssrf-request-url
  return axios.get(target, { responseType: 'arraybuffer' });
}

app.get('/preview', async (req, res) => {
  const { url } = req.query;
  // ruleid: javascript-ssrf-request-url
  const page = await fetch(url);
  const image = await download(`${url}/og-image.png`);
  // ok: javascript-ssrf-request-url
  const meta = await fetch(`https://catalog.internal.example.com/meta?url=${encodeURIComponent(url)}`);
  res.json({ status: page.status, size: image.data.length, meta: meta.status });
});

app.get('/products/:id', async (req, res) => {
  // ok: javascript-ssrf-request-url
  const product = await axios.get('https://catalog.internal.example.com/products/' + req.params.id + '?lang=' + req.query.lang);
  // ok: javascript-ssrf-request-url
  const stock = await axios.get(CATALOG_API + '/stock');
  // ruleid: javascript-ssrf-request-url
  const mirror = await axios({ method: 'get', url: req.query.mirror });
  // ok: javascript-ssrf-request-url
  const audit = await axios({ method: 'post', url: CATALOG_API + '/audit', data: { id: req.params.id } });
  res.json({ product: product.data, stock: stock.data, mirror: mirror.data, audit: audit.status });
});

app.post('/webhooks/test', (req, res) => {
  // ruleid: javascript-ssrf-request-url
  http.get({ host: req.body.host, path: '/health' }, (upstream) => res.sendStatus(upstream.statusCode));
  // ok: javascript-ssrf-request-url
  http.get({ host: 'status.example.com', path: '/health?from=' + req.body.host }, () => {});
  const fallback = req.body.callback || 'https://hooks.example.com/default';
  // ruleid: javascript-ssrf-request-url
  axios.post(fallback, { ok: true });
});
