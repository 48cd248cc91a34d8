import re

import ldap
import ldap3
from ldap.filter import escape_filter_chars, filter_format
from ldap3 import SUBTREE, Connection, Server
from flask import Flask, jsonify, request

app = Flask(__name__)
BASE_DN = "ou=people,dc=example,dc=com"
directory = ldap.initialize("ldaps://ldap.example.com")
server = Server("ldaps://ldap.example.com")


def user_filter(uid):
    return "(&(objectClass=person)(uid=" + uid + "))"


def lookup(conn, flt):
    # ruleid: python-ldap-filter-injection
    return conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, flt, ["cn", "mail"])


@app.route("/people")
def people():
    uid = request.args.get("uid", "")
    entries = lookup(directory, user_filter(uid))
    # ok: python-ldap-filter-injection
    safe = lookup(directory, user_filter(escape_filter_chars(uid)))
    # ok: python-ldap-filter-injection
    admins = directory.search_s(BASE_DN, ldap.SCOPE_SUBTREE, "(memberOf=cn=admins)")
    return jsonify(count=len(entries), safe=len(safe), admins=len(admins))


@app.route("/people/by-mail")
def by_mail():
    mail = request.args["mail"]
    # ruleid: python-ldap-filter-injection
    msgid = directory.search(BASE_DN, ldap.SCOPE_ONELEVEL, f"(mail={mail})")
    # ok: python-ldap-filter-injection
    other = directory.search(BASE_DN, ldap.SCOPE_ONELEVEL, filter_format("(mail=%s)", [mail]))
    # ok: python-ldap-filter-injection
    found = re.search(r"@example\.com$", mail)
    return jsonify(msgid=msgid, other=other, internal=bool(found))


@app.route("/login", methods=["POST"])
def login():
    username = request.form["username"]
    conn = Connection(server, auto_bind=True)
    # ruleid: python-ldap-filter-injection
    conn.search(BASE_DN, "(sAMAccountName=%s)" % username, SUBTREE, attributes=["cn"])
    # ruleid: python-ldap-filter-injection
    conn.search(search_base=BASE_DN, search_filter="(uid=" + username + ")", attributes=["cn"])
    # ok: python-ldap-filter-injection
    conn.search(BASE_DN, "(uid=%s)" % ldap3.utils.conv.escape_filter_chars(username), SUBTREE)
    # ok: python-ldap-filter-injection
    conn.search(BASE_DN, "(objectClass=group)", search_scope=SUBTREE, attributes=["member"])
    return jsonify(found=len(conn.entries))


def groups(request, group):
    conn = Connection(server, auto_bind=True)
    query = "(&(objectClass=group)(cn={}))".format(group)
    # ruleid: python-ldap-filter-injection
    conn.search(BASE_DN, query, search_scope=SUBTREE)
    return jsonify(groups=len(conn.entries))
