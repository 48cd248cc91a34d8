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

function problem(err) {
  return { title: 'Internal error', detail: err.stack };
}

app.get('/report', async (req, res) => {
  try {
    await buildReport(req.query.id);
  } catch (failure) {
    const trace = failure.stack;
    // ruleid: javascript-stack-trace-exposure
    res.status(500).send(`<pre>${trace}</pre>`);
    // ruleid: javascript-stack-trace-exposure
    res.status(500).json(problem(failure));
    // ok: javascript-stack-trace-exposure
    res.status(500).json({ error: 'internal error', lines: trace.length });
  }
});

async function buildReport(id) {
  return id;
}

exports.lambdaReport = async (event) => {
  try {
    return { statusCode: 200, body: JSON.stringify(await buildReport(event.pathParameters.id)) };
  } catch (err) {
    console.error(err);
    if (event.headers['x-debug'] === '1') {
      // ruleid: javascript-stack-trace-exposure
      return { statusCode: 500, body: JSON.stringify({ message: err.message, stack: err.stack }) };
    }
    // ok: javascript-stack-trace-exposure
    return { statusCode: 500, body: JSON.stringify({ message: 'internal error', traced: Boolean(err.stack) }) };
  }
};
