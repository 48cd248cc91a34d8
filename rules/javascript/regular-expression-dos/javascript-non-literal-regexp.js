const express = require('express');
const escapeRegExp = require('lodash.escaperegexp');
const app = express();

app.get('/search', (req, res) => {
  const term = req.query.q;
  // ruleid: javascript-non-literal-regexp
  const pattern = new RegExp(term);
  // ruleid: javascript-non-literal-regexp
  const prefix = RegExp('^' + term, 'i');
  // ok: javascript-non-literal-regexp
  const safe = new RegExp(escapeRegExp(term));
  // ok: javascript-non-literal-regexp
  const words = new RegExp('\\w+', 'g');
  res.json([pattern.test('a'), prefix.test('b'), safe.test('c'), words.test(term)]);
});
