const express = require('express');

const app = express();
const actions = {
  archive: (id) => `archived ${id}`,
  restore: (id) => `restored ${id}`,
};
const ALLOWED = new Set(['archive', 'restore']);

app.post('/items/:id', (req, res) => {
  const action = req.body.action;
  // ruleid: javascript-dynamic-method-call
  const result = actions[action](req.params.id);
  if (ALLOWED.has(action)) {
    // ok: javascript-dynamic-method-call
    res.send(actions[action](req.params.id));
    return;
  }
  // ok: javascript-dynamic-method-call
  const fixed = actions['archive'](req.params.id);
  res.send(result + fixed);
});

module.exports = app;
