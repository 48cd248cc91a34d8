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
