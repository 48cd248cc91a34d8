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

const fs = require('fs');
const trail = fs.createWriteStream('/var/log/app/trail.log', { flags: 'a' });
const auditStream = fs.createWriteStream('/var/log/app/audit.log', { flags: 'a' });

app.put('/profile/:id', function (req, res) {
  const who = req.get('X-User');
  // ruleid: javascript-log-injection
  req.log.warn(`profile ${req.params.id} changed by ${who}`);
  // ruleid: javascript-log-injection
  this.requestLogger.info('changed by ' + who);
  // ruleid: javascript-log-injection
  process.stdout.write(`profile change by ${who}\n`);
  // ruleid: javascript-log-injection
  auditStream.write(`${new Date().toISOString()} ${who} ${req.body.field}\n`);
  // ruleid: javascript-log-injection
  fs.appendFileSync('/var/log/app/changes.log', who + '\n');
  const fields = { who, field: req.body.field };
  // ok: javascript-log-injection
  req.log.info(fields, 'profile changed');
  // ok: javascript-log-injection
  this.requestLogger.info({ who }, 'profile changed');
  // ok: javascript-log-injection
  trail.write(`${new Date().toISOString()} profile change\n`);
  // ok: javascript-log-injection
  process.stdout.write(`change by ${JSON.stringify(who)}\n`);
  const dialog = { write: (text) => text };
  // ok: javascript-log-injection
  dialog.write(who);
  // ok: javascript-log-injection
  fs.appendFileSync('/srv/exports/profiles.csv', who + '\n');
  res.sendStatus(204);
});

const cliOptions = require('minimist')(process.argv.slice(2));

function announce(logger) {
  // ok: javascript-log-injection
  logger.info('Serving ' + cliOptions.root + ' on port ' + cliOptions.port);
}
