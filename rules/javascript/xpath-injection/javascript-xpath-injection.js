const express = require('express');
const fs = require('fs');
const xpath = require('xpath');
const { DOMParser } = require('@xmldom/xmldom');

const app = express();
const usersXml = new DOMParser().parseFromString(fs.readFileSync('users.xml', 'utf8'), 'text/xml');
const ROLE = 'admin';

function userQuery(name, password) {
  return "//user[name='" + name + "' and password='" + password + "']";
}

app.post('/xml-login', (req, res) => {
  // ruleid: javascript-xpath-injection
  const match = xpath.select(userQuery(req.body.name, req.body.password), usersXml);
  // ok: javascript-xpath-injection
  const bound = xpath.parse("//user[name=$name and password=$password]").select({
    node: usersXml,
    variables: { name: req.body.name, password: req.body.password },
  });
  // ok: javascript-xpath-injection
  const admins = xpath.select(`//user[role='${ROLE}']`, usersXml);
  res.json({ ok: match.length > 0 || bound.length > 0, admins: admins.length });
});

app.get('/users/:id', (req, res) => {
  // ruleid: javascript-xpath-injection
  const node = xpath.select1(`//user[@id='${req.params.id}']/email/text()`, usersXml);
  const id = parseInt(req.params.id, 10);
  // ok: javascript-xpath-injection
  const byNumber = xpath.select1(`//user[@id='${id}']/email/text()`, usersXml);
  res.send(String(node || byNumber));
});

app.get('/libxml', (req, res) => {
  const xmlDoc = require('libxmljs').parseXml(fs.readFileSync('catalog.xml', 'utf8'));
  // ruleid: javascript-xpath-injection
  const item = xmlDoc.get(`//item[sku='${req.query.sku}']`);
  // ok: javascript-xpath-injection
  const cached = cache.get(`//item[sku='${req.query.sku}']`);
  res.send(String(item || cached));
});
