const crypto = require('node:crypto');
const { generateKeyPairSync } = require('crypto');
const forge = require('node-forge');
const NodeRSA = require('node-rsa');

function deviceKeys() {
  // ruleid: javascript-short-rsa-key
  const legacy = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 });
  // ok: javascript-short-rsa-key
  const current = crypto.generateKeyPairSync('rsa', { modulusLength: 3072, publicExponent: 0x10001 });
  // ok: javascript-short-rsa-key
  const curve = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { legacy, current, curve };
}

const SMALL = { modulusLength: 512, publicKeyEncoding: { type: 'spki', format: 'pem' } };

function quickKeys(done) {
  // ruleid: javascript-short-rsa-key
  crypto.generateKeyPair('rsa-pss', SMALL, done);
  // ruleid: javascript-short-rsa-key
  return generateKeyPairSync('dsa', { modulusLength: 1024, divisorLength: 160 });
}

function forgeKeys() {
  // ruleid: javascript-short-rsa-key
  const a = forge.pki.rsa.generateKeyPair(1024);
  // ruleid: javascript-short-rsa-key
  const b = forge.pki.rsa.generateKeyPair({ bits: 768, e: 0x10001 });
  // ok: javascript-short-rsa-key
  const c = forge.pki.rsa.generateKeyPair({ bits: 4096, e: 0x10001 });
  return [a, b, c];
}

function nodeRsaKeys() {
  // ruleid: javascript-short-rsa-key
  const weak = new NodeRSA({ b: 512 });
  // ok: javascript-short-rsa-key
  const strong = new NodeRSA({ b: 2048 });
  return [weak, strong];
}

module.exports = { deviceKeys, quickKeys, forgeKeys, nodeRsaKeys };
