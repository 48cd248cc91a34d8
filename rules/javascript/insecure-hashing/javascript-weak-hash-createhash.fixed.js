const crypto = require('crypto');
const { createHash } = require('node:crypto');

const CHECKSUM_ALGORITHM = 'sha256';

function etagFor(body) {
  // ruleid: javascript-weak-hash-createhash
  return crypto.createHash('sha256').update(body).digest('hex');
}

function legacyPasswordDigest(password, salt) {
  // ruleid: javascript-weak-hash-createhash
  const hash = createHash("sha256");
  hash.update(salt + password);
  return hash.digest('base64');
}

function signWebhook(secret, payload) {
  // ruleid: javascript-weak-hash-createhash
  return crypto.createHmac('sha256', secret).update(payload).digest('hex');
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
