const crypto = require('crypto');

const ALGORITHM = 'aes-256-gcm';

function legacyEncrypt(key, iv, text) {
  // ruleid: javascript-weak-cipher-createcipheriv
  const cipher = crypto.createCipheriv('des-ede3-cbc', key, iv);
  return cipher.update(text, 'utf8', 'hex') + cipher.final('hex');
}

function tokenCipher(key) {
  // ruleid: javascript-weak-cipher-createcipheriv
  return crypto.createCipheriv('aes-128-ecb', key, null);
}

function streamCipher(key) {
  // ruleid: javascript-weak-cipher-createcipheriv
  return crypto.createDecipheriv("rc4", key, '');
}

function modern(key, text) {
  const iv = crypto.randomBytes(12);
  // ok: javascript-weak-cipher-createcipheriv
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  return Buffer.concat([iv, cipher.update(text), cipher.final(), cipher.getAuthTag()]);
}

function viaConstant(key, iv) {
  // ok: javascript-weak-cipher-createcipheriv
  return crypto.createCipheriv(ALGORITHM, key, iv);
}

function desLabel() {
  // ok: javascript-weak-cipher-createcipheriv
  return ['des', 'rc4'].includes('aes-256-cbc');
}
