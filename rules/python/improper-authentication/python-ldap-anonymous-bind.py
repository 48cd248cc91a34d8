import os

import ldap

conn = ldap.initialize("ldaps://directory.example.com")


def anonymous():
    # ruleid: python-ldap-anonymous-bind
    conn.simple_bind_s()
    # ruleid: python-ldap-anonymous-bind
    conn.simple_bind_s("cn=reader,dc=example,dc=com", "")


def service():
    # ok: python-ldap-anonymous-bind
    conn.simple_bind_s("cn=reader,dc=example,dc=com", os.environ["LDAP_PASSWORD"])
    # ok: python-ldap-anonymous-bind
    conn.simple_bind_s("cn=reader,dc=example,dc=com", read_password())
