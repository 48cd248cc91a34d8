const express = require('express');
const fs = require('fs');
const path = require('path');
const { createReadStream } = require('fs');

const app = express();
const UPLOAD_DIR = path.join(__dirname, 'uploads');
const REPORTS = { monthly: 'monthly.pdf', yearly: 'yearly.pdf' };

function uploadPath(name) {
  return path.join(UPLOAD_DIR, name);
}

function removeUpload(file) {
  // ruleid: javascript-path-traversal-fs
  fs.unlinkSync(file);
}

app.get('/files/:name', (req, res) => {
  // ruleid: javascript-path-traversal-fs
  fs.readFile(uploadPath(req.params.name), (err, data) => res.send(data));
  // ok: javascript-path-traversal-fs
  fs.readFile(uploadPath(path.basename(req.params.name)), (err, data) => res.send(data));
});

app.get('/download', (req, res) => {
  const file = req.query.file;
  // ruleid: javascript-path-traversal-fs
  res.download(path.resolve(UPLOAD_DIR, file));
  // ruleid: javascript-path-traversal-fs
  res.sendFile(UPLOAD_DIR + '/' + file);
  // ok: javascript-path-traversal-fs
  res.sendFile(file, { root: UPLOAD_DIR });
  const report = REPORTS[req.query.kind] ? 'monthly.pdf' : 'yearly.pdf';
  // ok: javascript-path-traversal-fs
  res.sendFile(path.join(UPLOAD_DIR, report));
});

app.get('/nested', (req, res) => {
  const full = path.resolve(UPLOAD_DIR, req.query.path);
  if (!full.startsWith(UPLOAD_DIR + path.sep)) {
    return res.status(400).end();
  }
  // ok: javascript-path-traversal-fs
  res.sendFile(full);
});

app.post('/avatar', async (req, res) => {
  const target = `${UPLOAD_DIR}/avatars/${req.body.user}.png`;
  // ruleid: javascript-path-traversal-fs
  await fs.promises.writeFile(target, req.body.image, 'base64');
  // ok: javascript-path-traversal-fs
  await fs.promises.writeFile(path.join(UPLOAD_DIR, 'last-upload.txt'), req.body.user);
  // ruleid: javascript-path-traversal-fs
  createReadStream(req.body.source).pipe(res);
  removeUpload(uploadPath(req.body.previous));
  // ok: javascript-path-traversal-fs
  removeUpload(uploadPath('tmp.png'));
});

// Fastify
fastify.get('/docs/:page', async (request, reply) => {
  // ruleid: javascript-path-traversal-fs
  const body = await fs.promises.readFile(path.join(UPLOAD_DIR, request.params.page), 'utf8');
  // ok: javascript-path-traversal-fs
  const index = await fs.promises.readFile(path.join(UPLOAD_DIR, 'index.md'), 'utf8');
  return body + index;
});

// Koa
router.get('/exports/:name', async (ctx) => {
  // ruleid: javascript-path-traversal-fs
  ctx.body = fs.createReadStream(path.join(UPLOAD_DIR, ctx.params.name));
});

// AWS Lambda
exports.download = async (event) => {
  // ruleid: javascript-path-traversal-fs
  const data = fs.readFileSync(`/tmp/${event.pathParameters.key}`);
  // ok: javascript-path-traversal-fs
  const fallback = fs.readFileSync('/tmp/default.bin');
  return { statusCode: 200, body: (data || fallback).toString('base64'), isBase64Encoded: true };
};

// Socket.IO
io.on('connection', (socket) => {
  socket.on('upload', (name, chunk) => {
    // ruleid: javascript-path-traversal-fs
    fs.appendFileSync(path.join(UPLOAD_DIR, name), chunk);
    // ok: javascript-path-traversal-fs
    fs.appendFileSync(path.join(UPLOAD_DIR, 'socket.log'), 'chunk received\n');
  });
});

const publicOptions = { root: path.join(__dirname, 'public'), dotfiles: 'deny' };

app.get('/public/:name', (req, res) => {
  // ok: javascript-path-traversal-fs
  res.sendFile(req.params.name, publicOptions);
});

// Koa: ctx.throw raises the HTTP error, so what follows runs only for a checked name.
const router = require('@koa/router')();

router.get('/csv', async (ctx) => {
  const f = String(ctx.query.f || '');
  if (!/^[a-z0-9_-]+\.csv$/.test(f)) ctx.throw(400, 'bad file name');
  // ok: javascript-path-traversal-fs
  ctx.body = fs.createReadStream(path.join(UPLOAD_DIR, f));
  const g = String(ctx.query.g || '');
  if (!g) ctx.status = 400;
  // ruleid: javascript-path-traversal-fs
  ctx.body = fs.createReadStream(path.join(UPLOAD_DIR, g));
});
