const crypto = require('crypto');

function seal(secret, text) {
  // ruleid: javascript-createcipher-without-iv
  const c = crypto.createCipher('aes192', secret);
  return c.update(text, 'utf8', 'hex') + c.final('hex');
}

function sealWithIv(key, iv, text) {
  // ok: javascript-createcipher-without-iv
  const c = crypto.createCipheriv('aes-256-gcm', key, iv);
  return c.update(text, 'utf8', 'hex') + c.final('hex');
}
