const crypto = require('crypto');

function encryptLegacy(key, text) {
  // ruleid: javascript-static-iv-or-salt
  const cipher = crypto.createCipheriv('aes-256-cbc', key, Buffer.from('0123456789abcdef'));
  return cipher.update(text, 'utf8', 'hex') + cipher.final('hex');
}

function encrypt(key, text) {
  const iv = crypto.randomBytes(12);
  // ok: javascript-static-iv-or-salt
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  return [iv, cipher.update(text), cipher.final(), cipher.getAuthTag()];
}

function hashLegacy(password) {
  // ruleid: javascript-static-iv-or-salt
  return crypto.pbkdf2Sync(password, 'static-salt', 210000, 32, 'sha256');
}

function hash(password) {
  const salt = crypto.randomBytes(16);
  // ok: javascript-static-iv-or-salt
  return [salt, crypto.scryptSync(password, salt, 32)];
}

module.exports = { encryptLegacy, encrypt, hashLegacy, hash };

const ZERO_IV = Buffer.alloc(16, 0);
const LEGACY = { iv: Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]), salt: 'pepper-2019' };

function sealProfile(k, text) {
  // ruleid: javascript-static-iv-or-salt
  const c = crypto.createCipheriv('aes-256-cbc', k, ZERO_IV);
  return Buffer.concat([c.update(text), c.final()]);
}

function sealOld(k, text) {
  const v = LEGACY.iv;
  // ruleid: javascript-static-iv-or-salt
  const c = crypto.createCipheriv('aes-128-cbc', k, v);
  return c.update(text) + c.final();
}

function deriveOld(pw) {
  // ruleid: javascript-static-iv-or-salt
  return crypto.scryptSync(pw, LEGACY.salt, 32);
}

function sealFresh(k, text) {
  const nonce = crypto.randomBytes(12);
  // ok: javascript-static-iv-or-salt
  const c = crypto.createCipheriv('aes-256-gcm', k, nonce, { authTagLength: 16 });
  return [nonce, c.update(text), c.final(), c.getAuthTag()];
}

async function webSeal(key, data) {
  // ruleid: javascript-static-iv-or-salt
  return crypto.webcrypto.subtle.encrypt({ name: 'AES-GCM', iv: new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]) }, key, data);
}

async function webSealFresh(key, data) {
  const iv = crypto.webcrypto.getRandomValues(new Uint8Array(12));
  // ok: javascript-static-iv-or-salt
  return crypto.webcrypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, data);
}

module.exports.more = { sealProfile, sealOld, deriveOld, sealFresh, webSeal, webSealFresh };
