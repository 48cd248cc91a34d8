const crypto = require('crypto');

function verify(signature, expectedSignature, token, session) {
  // ruleid: javascript-non-constant-time-secret-comparison
  if (signature === expectedSignature) return true;
  // ruleid: javascript-non-constant-time-secret-comparison
  if (session.csrfToken !== token) return false;
  // ok: javascript-non-constant-time-secret-comparison
  if (token === '') return false;
  // ok: javascript-non-constant-time-secret-comparison
  return crypto.timingSafeEqual(Buffer.from(signature), Buffer.from(expectedSignature));
}
