const express = require('express');
const ldap = require('ldapjs');
const ldapEscape = require('ldap-escape');
const { Client } = require('ldapts');

const app = express();
const client = ldap.createClient({ url: 'ldaps://ldap.example.com' });
const BASE_DN = 'ou=people,dc=example,dc=com';
const GROUP_DN = 'cn=staff,ou=groups,dc=example,dc=com';

function peopleFilter(name) {
  return `(&(objectClass=person)(cn=*${name}*))`;
}

app.get('/directory', (req, res) => {
  const { name } = req.query;
  // ruleid: javascript-ldapjs-search-filter-injection
  client.search(BASE_DN, { filter: peopleFilter(name), scope: 'sub' }, (err, result) => result.on('end', () => res.end()));
  // ok: javascript-ldapjs-search-filter-injection
  client.search(BASE_DN, { filter: ldapEscape.filter`(cn=${name})`, scope: 'sub' }, (err, result) => res.json(result));
  // ok: javascript-ldapjs-search-filter-injection
  client.search(BASE_DN, { filter: new ldap.EqualityFilter({ attribute: 'cn', value: name }) }, (err, result) => res.json(result));
  // ok: javascript-ldapjs-search-filter-injection
  client.search(BASE_DN, { filter: '(objectClass=person)', sizeLimit: Number(req.query.limit) }, (err, result) => res.json(result));
});

app.post('/login', (req, res) => {
  const opts = {
    scope: 'sub',
    filter: '(uid=' + req.body.username + ')',
    attributes: ['dn'],
  };
  // ruleid: javascript-ldapjs-search-filter-injection
  client.search(BASE_DN, opts, (err, result) => res.json(result));
  // ok: javascript-ldapjs-search-filter-injection
  const hits = searchIndex.search(req.body.username, { limit: 10 });
  res.json(hits);
});

// A promise wrapper: the search runs in a callback inside the helper.
function findMember(group, login) {
  return new Promise((resolve, reject) => {
    // ruleid: javascript-ldapjs-search-filter-injection
    client.search(BASE_DN, { filter: `(&(memberOf=${group})(uid=${login}))` }, (err, result) => {
      if (err) {
        reject(err);
        return;
      }
      resolve(result);
    });
  });
}

function countMembers(group) {
  return new Promise((resolve) => {
    // ok: javascript-ldapjs-search-filter-injection
    client.search(BASE_DN, { filter: `(memberOf=${group})` }, (err, result) => resolve(result));
  });
}

app.get('/groups/:group/members/:login', async (req, res) => {
  const member = await findMember(GROUP_DN, req.params.login);
  const total = await countMembers(GROUP_DN);
  res.json({ member, total });
});

app.post('/directory/login', async (req, res) => {
  const c = new Client({ url: 'ldaps://ldap.example.com' });
  const query = { filter: `(sAMAccountName=${req.body.user})`, attributes: ['dn'] };
  // ruleid: javascript-ldapjs-search-filter-injection
  const found = await c.search(BASE_DN, query);
  const fixed = { filter: '(objectClass=person)', attributes: ['cn'] };
  // ok: javascript-ldapjs-search-filter-injection
  const everyone = await c.search(BASE_DN, fixed);
  res.json({ found, everyone });
});

app.get('/directory/uid', (req, res) => {
  const v = req.query.uid;
  if (!/^[a-z0-9._-]{1,64}$/i.test(v || '')) {
    return res.status(400).end();
  }
  // ok: javascript-ldapjs-search-filter-injection
  client.search(BASE_DN, { filter: `(uid=${v})` }, (err, result) => res.json(result));
});

app.get('/directory/mail', (req, res) => {
  const q = req.query;
  if (!/^[a-z0-9._-]{1,64}$/.test(String(q.mail))) return res.status(400).end();
  // ok: javascript-ldapjs-search-filter-injection
  client.search(BASE_DN, { filter: '(mail=' + q.mail + ')' }, (err, result) => res.json(result));
  // ruleid: javascript-ldapjs-search-filter-injection
  client.search(BASE_DN, { filter: '(cn=' + q.name + ')' }, (err, result) => res.json(result));
});

app.get('/directory/dept', (req, res) => {
  const ds = ldap.createClient({ url: 'ldaps://ldap.example.com' });
  const { dept, user } = req.query;
  const filter = `(departmentNumber=${dept})`;
  // ruleid: javascript-ldapjs-search-filter-injection
  ds.search(BASE_DN, { filter }, (err, result) => res.json(result));
  // ruleid: javascript-ldapjs-search-filter-injection
  ds.bind(`uid=${user},${BASE_DN}`, req.query.pin, (err) => res.json({ ok: !err }));
  const fixed = '(objectClass=person)';
  // ok: javascript-ldapjs-search-filter-injection
  ds.search(BASE_DN, { filter: fixed }, (err, result) => res.json(result));
});

const ldapSafe = (v) => String(v).replace(/[\\*()\0]/g, (c) => '\\' + c.charCodeAt(0).toString(16).padStart(2, '0'));

app.get('/directory/team', (req, res) => {
  const filter = `(&(objectClass=person)(ou=${ldapSafe(req.query.team)}))`;
  // ok: javascript-ldapjs-search-filter-injection
  client.search(BASE_DN, { filter }, (err, result) => res.json(result));
});
