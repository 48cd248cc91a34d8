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
