const express = require('express');
const ejs = require('ejs');
const pug = require('pug');
const _ = require('lodash');

const app = express();
app.use(express.json());

app.post('/preview', (req, res) => {
  // ruleid: javascript-server-side-template-injection
  const page = ejs.render(req.body.template, { user: req.user });
  // ok: javascript-server-side-template-injection
  const safe = ejs.render('<h1>Hello <%= name %></h1>', { name: req.body.name });
  // ruleid: javascript-server-side-template-injection
  const fn = pug.compile('p Hello ' + req.query.name);
  // ruleid: javascript-server-side-template-injection
  const greeting = _.template(req.body.greeting)({ name: 'x' });
  // ok: javascript-server-side-template-injection
  const fixed = _.template('Hello <%- name %>')({ name: req.body.name });
  res.type('text/plain').send([page, safe, fn({}), greeting, fixed].join('\n'));
});

module.exports = app;
