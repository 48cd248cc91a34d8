const jwt = require('jsonwebtoken');

function issue(user) {
  // ruleid: javascript-jwt-none-algorithm
  const preview = jwt.sign({ sub: user }, '', { algorithm: 'none' });
  // ok: javascript-jwt-none-algorithm
  const real = jwt.sign({ sub: user }, process.env.JWT_KEY, { algorithm: 'HS256' });
  return [preview, real];
}

function check(token) {
  // ruleid: javascript-jwt-none-algorithm
  const loose = jwt.verify(token, process.env.JWT_KEY, { algorithms: ['HS256', 'none'] });
  // ok: javascript-jwt-none-algorithm
  const strict = jwt.verify(token, process.env.JWT_KEY, { algorithms: ['HS256'] });
  return [loose, strict];
}

module.exports = { issue, check };
