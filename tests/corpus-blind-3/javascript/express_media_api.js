'use strict';

const express = require('express');
const path = require('path');
const fs = require('fs');
const cp = require('child_process');
const crypto = require('crypto');
const axios = require('axios');
const escapeHtml = require('escape-html');
const { URL } = require('url');

const router = express.Router();

const MEDIA_ROOT = path.resolve(process.env.MEDIA_ROOT || '/srv/media');
const THUMB_ROOT = path.join(MEDIA_ROOT, 'thumbs');
const IMPORT_HOSTS = new Set(['cdn.example.com', 'uploads.example.com']);
const RETURN_PATHS = ['/library', '/library/recent', '/settings/media'];
const SIZES = { small: '160x160', medium: '480x480', large: '1024x1024' };
const VERBOSE_ERRORS = process.env.NODE_ENV === 'development' && false;

const cfg = {
  ffprobe: '/usr/bin/ffprobe',
  convert: '/usr/bin/convert',
};

function mediaPath(name) {
  return path.join(MEDIA_ROOT, name);
}

function within(root, candidate) {
  const resolved = path.resolve(root, candidate);
  return resolved.startsWith(root + path.sep) ? resolved : null;
}

router.get('/files/:name', (req, res) => {
  // ok: path-traversal
  res.sendFile(req.params.name, { root: MEDIA_ROOT, dotfiles: 'deny' });
});

router.get('/download', (req, res) => {
  const p = mediaPath(req.query.file);
  if (!p.startsWith(MEDIA_ROOT)) {
    return res.status(400).end();
  }
  // ruleid: header-injection
  res.setHeader('Content-Disposition', 'attachment; filename="' + req.query.as + '"');
  // ruleid: path-traversal
  fs.createReadStream(p).pipe(res);
});

router.get('/thumbs', (req, res) => {
  const target = within(THUMB_ROOT, String(req.query.f || ''));
  if (target === null) {
    return res.sendStatus(404);
  }
  // ok: header-injection
  res.setHeader('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(path.basename(target))}`);
  // ok: path-traversal
  fs.createReadStream(target).pipe(res);
});

router.get('/probe', (req, res) => {
  const item = req.query.item;
  // ruleid: os-command-injection
  cp.exec(`${cfg.ffprobe} -v quiet -print_format json -show_format ${mediaPath(item)}`, (err, stdout) => {
    if (err) {
      return res.status(500).json({ error: 'probe failed' });
    }
    res.type('json').send(stdout);
  });
});

router.post('/resize', express.json(), (req, res) => {
  const size = SIZES[req.body.size] || SIZES.medium;
  const src = within(MEDIA_ROOT, String(req.body.file || ''));
  if (!src) {
    return res.status(400).json({ error: 'bad file' });
  }
  const out = path.join(THUMB_ROOT, crypto.randomUUID() + '.jpg');
  // ok: os-command-injection
  cp.execFile(cfg.convert, [src, '-resize', size, out], (err) => {
    if (err) {
      return res.status(500).json({ error: 'resize failed' });
    }
    res.json({ thumb: path.basename(out) });
  });
});

router.post('/import', express.json(), async (req, res) => {
  const { url } = req.body;
  let u;
  try {
    u = new URL(url);
  } catch (e) {
    return res.status(400).json({ error: 'bad url' });
  }
  if (u.protocol !== 'https:' || !IMPORT_HOSTS.has(u.hostname)) {
    return res.status(400).json({ error: 'host not allowed' });
  }
  // ok: server-side-request-forgery
  const r = await axios.get(u.toString(), { responseType: 'arraybuffer', timeout: 10000 });
  const name = crypto.randomBytes(8).toString('hex');
  await fs.promises.writeFile(mediaPath(name), r.data);
  res.status(201).json({ name });
});

router.post('/import/preview', express.json(), async (req, res) => {
  const opts = { source: req.body.source, timeout: 5000 };
  if (!/cdn\.example\.com/.test(opts.source)) {
    return res.status(400).json({ error: 'host not allowed' });
  }
  try {
    // ruleid: server-side-request-forgery
    const r = await axios({ method: 'get', url: opts.source, timeout: opts.timeout });
    res.json({ bytes: r.headers['content-length'] || null });
  } catch (err) {
    // ruleid: stack-trace-exposure
    res.status(502).json({ error: err.message, stack: err.stack });
  }
});

router.get('/gallery', (req, res) => {
  const title = req.query.title || 'Gallery';
  const caption = req.query.caption || '';
  let html = `<h1>${escapeHtml(title)}</h1>`;
  html += '<p class="caption">' + caption + '</p>';
  // ruleid: cross-site-scripting
  res.send(html);
});

router.get('/gallery/empty', (req, res) => {
  // ok: cross-site-scripting
  res.send('<p>No media in <b>' + escapeHtml(req.query.album || 'this album') + '</b> yet.</p>');
});

router.post('/share', (req, res) => {
  // ruleid: weak-random-number-generation
  const token = Math.random().toString(36).slice(2) + Date.now().toString(36);
  // ruleid: insecure-cookie
  res.cookie('share_session', token, { maxAge: 3600 * 1000 });
  res.json({ link: `/s/${token}` });
});

router.post('/session', (req, res) => {
  const sid = crypto.randomBytes(32).toString('base64url');
  // ok: insecure-cookie
  res.cookie('media_sid', sid, { httpOnly: true, secure: true, sameSite: 'strict' });
  // ok: weak-random-number-generation
  const retryIn = Math.floor(Math.random() * 500) + 250;
  res.json({ ok: true, retryIn });
});

router.get('/done', (req, res) => {
  const back = req.query.back;
  if (RETURN_PATHS.includes(back)) {
    // ok: open-redirect
    return res.redirect(back);
  }
  if (typeof back === 'string' && back.indexOf('example.com') !== -1) {
    // ruleid: open-redirect
    return res.redirect(302, back);
  }
  res.redirect('/library');
});

router.use((err, req, res, next) => {
  if (VERBOSE_ERRORS) {
    // ok: stack-trace-exposure
    return res.status(500).send(`<pre>${err.stack}</pre>`);
  }
  res.status(500).json({ error: 'internal error' });
});

module.exports = router;
