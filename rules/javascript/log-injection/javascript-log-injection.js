const express = require('express');
const logger = require('./logger');
const app = express();

app.post('/login', (req, res) => {
  const user = req.body.user;
  // ruleid: javascript-log-injection
  logger.info('login attempt for ' + user);
  // ruleid: javascript-log-injection
  console.log(`failed login: ${req.query.name}`);
  // ok: javascript-log-injection
  logger.info('login attempt for ' + user.replace(/[\r\n]/g, ''));
  // ok: javascript-log-injection
  logger.info('login attempt', JSON.stringify({ user }));
  // ok: javascript-log-injection
  console.log('login attempt');
  res.end();
});
