const express = require('express');
const app = express();
const ALLOWED = new Set(['https://app.example.com']);

app.use((req, res, next) => {
  const origin = req.headers.origin;
  // ruleid: javascript-cors-origin-reflection
  res.setHeader('Access-Control-Allow-Origin', origin);
  // ok: javascript-cors-origin-reflection
  res.setHeader('Access-Control-Allow-Origin', ALLOWED.has(origin) ? origin : 'https://app.example.com');
  // ok: javascript-cors-origin-reflection
  res.setHeader('Access-Control-Allow-Origin', 'https://app.example.com');
  next();
});
