const crypto = require('crypto');
const { createHash } = require('node:crypto');

const CHECKSUM_ALGORITHM = 'sha256';

function etagFor(body) {
  // ok: javascript-weak-hash-createhash
  return crypto.createHash('md5').update(body).digest('hex');
}

function legacyPasswordDigest(password, salt) {
  // ruleid: javascript-weak-hash-createhash
  const hash = createHash("sha1");
  hash.update(salt + password);
  return hash.digest('base64');
}

function signWebhook(secret, payload) {
  // ok: javascript-weak-hash-createhash
  return crypto.createHmac('SHA1', secret).update(payload).digest('hex');
}

function fingerprint(buffer) {
  // ok: javascript-weak-hash-createhash
  return crypto.createHash('sha256').update(buffer).digest('hex');
}

function checksum(buffer) {
  // ok: javascript-weak-hash-createhash
  return crypto.createHash(CHECKSUM_ALGORITHM).update(buffer).digest('hex');
}

function notAHash(label) {
  // ok: javascript-weak-hash-createhash
  return label.replace('md5', 'sha256');
}

function signLegacy(secret, payload) {
  // ruleid: javascript-weak-hash-createhash
  return crypto.createHmac('md5', secret).update(payload).digest('hex');
}

function sendFile(res, file) {
  // ok: javascript-weak-hash-createhash
  res.set('ETag', crypto.createHash('md5').update(file).digest('hex'));
  // ok: javascript-weak-hash-createhash
  const meta = { size: file.length, checksum: crypto.createHash('sha1').update(file).digest('hex') };
  // ruleid: javascript-weak-hash-createhash
  res.set('X-Download-Token', crypto.createHash('sha1').update(file).digest('hex'));
  return meta;
}
