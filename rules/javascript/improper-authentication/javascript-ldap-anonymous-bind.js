const ldap = require('ldapjs');

const client = ldap.createClient({ url: 'ldaps://directory.example.com' });

function anonymous(callback) {
  // ruleid: javascript-ldap-anonymous-bind
  client.bind('cn=reader,dc=example,dc=com', '', callback);
}

function service(callback) {
  // ok: javascript-ldap-anonymous-bind
  client.bind('cn=reader,dc=example,dc=com', process.env.LDAP_PASSWORD, callback);
}

function bound(fn) {
  // ok: javascript-ldap-anonymous-bind
  return fn.bind(null, 'x');
}

module.exports = { anonymous, service, bound };
