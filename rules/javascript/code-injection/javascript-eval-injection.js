const express = require('express');
const vm = require('vm');

const app = express();
const FORMULAS = { double: (x) => x * 2, square: (x) => x * x };
const RETRY_MS = 500;

function compile(expression) {
  // ruleid: javascript-eval-injection
  return new Function('row', 'return (' + expression + ');');
}

app.post('/calc', (req, res) => {
  const { expression, name } = req.body;
  // ruleid: javascript-eval-injection
  const result = eval(expression);
  // ruleid: javascript-eval-injection
  const sandboxed = vm.runInNewContext(`(${expression})`, { Math });
  const score = compile(req.body.formula)({ total: 1 });
  // ok: javascript-eval-injection
  const named = FORMULAS[name] ? FORMULAS[name](2) : null;
  // ok: javascript-eval-injection
  const parsed = JSON.parse(req.body.config);
  // ok: javascript-eval-injection
  const literal = eval('var payload = ' + JSON.stringify(name) + '; payload');
  res.json({ result, sandboxed, score, named, parsed, literal });
});

app.get('/poll', (req, res) => {
  const callback = req.query.callback;
  // ruleid: javascript-eval-injection
  setTimeout('refresh("' + callback + '")', RETRY_MS);
  // ok: javascript-eval-injection
  setTimeout(() => res.json({ callback }), RETRY_MS);
  // ok: javascript-eval-injection
  setTimeout(function later() { res.end(); }, RETRY_MS);
  // ruleid: javascript-eval-injection
  const script = new vm.Script(req.query.code);
  // ok: javascript-eval-injection
  const fixed = new vm.Script('1 + 1');
  res.json({ script, fixed });
});
