const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const express = require('express');
const app = express();
const ROOT = '/srv/notes';

app.post('/notes', (req, res) => {
  // ruleid: javascript-tainted-file-operation
  fs.writeFileSync(path.join(ROOT, req.body.name), req.body.text);
  // ruleid: javascript-tainted-file-operation
  fs.unlink(ROOT + '/' + req.query.file, () => {});
  // ok: javascript-tainted-file-operation
  fs.writeFileSync(path.join(ROOT, path.basename(req.body.name)), 'text');
  // ok: javascript-tainted-file-operation
  fs.writeFileSync(path.join(ROOT, crypto.randomUUID()), 'text');
  res.end();
});
