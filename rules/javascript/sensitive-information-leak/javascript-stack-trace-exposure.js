const express = require('express');
const app = express();

app.use((err, req, res, next) => {
  if (req.path === '/a') {
    // ruleid: javascript-stack-trace-exposure
    res.status(500).send(err.stack);
  } else if (req.path === '/b') {
    // ruleid: javascript-stack-trace-exposure
    res.status(500).json({ error: err.message, stack: err.stack });
  } else {
    console.error(err.stack);
    // ok: javascript-stack-trace-exposure
    res.status(500).json({ error: 'internal error' });
  }
});
