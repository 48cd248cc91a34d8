function login(user, password, token) {
  // ruleid: javascript-logging-sensitive-data
  console.log('login', user, password);
  // ruleid: javascript-logging-sensitive-data
  console.debug(`issued token ${token}`);
  // ok: javascript-logging-sensitive-data
  console.log('login', user);
  // ok: javascript-logging-sensitive-data
  console.debug('issued token for', user.name);
}

function rotate(user, newPassword, audit) {
  // The secret under another name, in an object and an array.
  const shown = newPassword;
  // ruleid: javascript-logging-sensitive-data
  console.info('rotated', user, shown);
  const details = { user, value: newPassword };
  // ruleid: javascript-logging-sensitive-data
  logger.debug('rotation', details);
  // ok: javascript-logging-sensitive-data
  logger.info('rotated', user, newPassword.length);
  // ok: javascript-logging-sensitive-data
  logger.info('rotated', user, hashSecret(newPassword));
}

function hashSecret(value) {
  return require('crypto').createHash('sha256').update(value).digest('hex');
}

function signup(req) {
  const chosen = req.body.password;
  // ruleid: javascript-logging-sensitive-data
  console.warn(`signup with ${chosen}`);
  // ok: javascript-logging-sensitive-data
  console.warn(`signup for ${req.body.email}`);
  // ok: javascript-logging-sensitive-data
  console.log('next page', req.query.nextPageToken);
}

module.exports = { login, rotate, signup };
