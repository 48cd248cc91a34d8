"""Staff directory and password-reset handlers (Tornado)."""
import hashlib
import os
import random
import secrets

import ldap
import tornado.escape
import tornado.ioloop
import tornado.web
from Crypto.Cipher import AES, DES
from Crypto.Random import get_random_bytes
from ldap.filter import escape_filter_chars
from lxml import etree

LDAP_BASE = "ou=people,dc=example,dc=com"
STAFF_XML = "/etc/portal/staff.xml"
RESET_KEY = get_random_bytes(32)
LEGACY_KEY = get_random_bytes(8)


class BaseHandler(tornado.web.RequestHandler):
    def initialize(self, directory, staff_tree):
        self.directory = directory
        self.staff_tree = staff_tree


class LdapLookupHandler(BaseHandler):
    def get(self):
        uid = self.get_argument("uid")
        flt = "(&(objectClass=person)(uid=" + uid + "))"
        # ruleid: ldap-injection
        results = self.directory.search_s(LDAP_BASE, ldap.SCOPE_SUBTREE, flt, ["cn", "mail"])
        self.write({"count": len(results)})


class LdapLookupSafeHandler(BaseHandler):
    def get(self):
        uid = escape_filter_chars(self.get_argument("uid"))
        # ok: ldap-injection
        results = self.directory.search_s(LDAP_BASE, ldap.SCOPE_SUBTREE, "(&(objectClass=person)(uid=%s))" % uid, ["cn"])
        self.write({"count": len(results)})


class StaffXmlHandler(BaseHandler):
    def get(self, team):
        # ruleid: xpath-injection
        nodes = self.staff_tree.xpath("//team[@name='" + team + "']/member/@email")
        # ok: xpath-injection
        leads = self.staff_tree.xpath("//team[@name=$t]/lead/@email", t=team)
        self.write({"members": [str(n) for n in nodes], "leads": [str(n) for n in leads]})


class GreetingHandler(BaseHandler):
    def get(self):
        name = self.get_argument("name", "guest")
        # ruleid: cross-site-scripting
        self.write("<p>Welcome back, " + name + "</p>")


class GreetingSafeHandler(BaseHandler):
    def get(self):
        name = self.get_argument("name", "guest")
        # ok: cross-site-scripting
        self.write("<p>Welcome back, " + tornado.escape.xhtml_escape(name) + "</p>")


class LogoutHandler(BaseHandler):
    def get(self):
        self.clear_cookie("staff_sid")
        # ruleid: open-redirect
        self.redirect(self.get_argument("next", "/"))


class LoginDoneHandler(BaseHandler):
    def get(self):
        dest = self.get_argument("next", "/")
        dest = "/directory"
        # ok: open-redirect
        self.redirect(dest)


class ResetRequestHandler(BaseHandler):
    def post(self):
        email = self.get_body_argument("email")
        # ruleid: weak-random-number-generation
        code = "%06d" % random.randint(0, 999999)
        # ok: weak-random-number-generation
        ticket = secrets.token_urlsafe(24)
        # ruleid: insecure-cryptography
        cipher = DES.new(LEGACY_KEY, DES.MODE_ECB)
        legacy_blob = cipher.encrypt(code.encode().ljust(8, b" "))
        # ok: insecure-cryptography
        aes = AES.new(RESET_KEY, AES.MODE_GCM)
        sealed, tag = aes.encrypt_and_digest(email.encode())
        # ruleid: insecure-cookie
        self.set_cookie("reset_ticket", ticket)
        # ok: insecure-cookie
        self.set_cookie("reset_ticket_v2", ticket, secure=True, httponly=True, samesite="Strict")
        self.write({"legacy": legacy_blob.hex(), "sealed": sealed.hex(), "tag": tag.hex(), "nonce": aes.nonce.hex()})


class ResetCompleteHandler(BaseHandler):
    def post(self):
        password = self.get_body_argument("password")
        # ruleid: insecure-hashing
        legacy_hash = hashlib.sha1(password.encode()).hexdigest()
        salt = os.urandom(16)
        # ok: insecure-hashing
        strong_hash = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 310000)
        self.write({"legacy": legacy_hash, "hash": strong_hash.hex(), "salt": salt.hex()})


def make_app():
    directory = ldap.initialize(os.environ.get("LDAP_URL", "ldaps://ldap.example.com"))
    staff_tree = etree.parse(STAFF_XML)
    deps = dict(directory=directory, staff_tree=staff_tree)
    return tornado.web.Application([
        (r"/directory/lookup", LdapLookupHandler, deps),
        (r"/directory/lookup2", LdapLookupSafeHandler, deps),
        (r"/directory/teams/([^/]+)", StaffXmlHandler, deps),
        (r"/hello", GreetingHandler, deps),
        (r"/hello2", GreetingSafeHandler, deps),
        (r"/logout", LogoutHandler, deps),
        (r"/login/done", LoginDoneHandler, deps),
        (r"/reset", ResetRequestHandler, deps),
        (r"/reset/complete", ResetCompleteHandler, deps),
    ])


if __name__ == "__main__":
    make_app().listen(8888)
    tornado.ioloop.IOLoop.current().start()
