const jwt = require('jsonwebtoken');
const { jwtDecode } = require('jwt-decode');

function currentUser(req) {
  const token = req.headers.authorization.slice(7);
  // ruleid: javascript-jwt-decode-without-verification
  const claims = jwt.decode(token);
  // ruleid: javascript-jwt-decode-without-verification
  const other = jwtDecode(token);
  // ok: javascript-jwt-decode-without-verification
  const verified = jwt.verify(token, process.env.JWT_KEY, { algorithms: ['HS256'] });
  // ok: javascript-jwt-decode-without-verification
  const text = decodeURIComponent(req.query.q);
  return { claims, other, verified, text };
}

module.exports = { currentUser };
