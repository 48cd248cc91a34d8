"""People-directory admin console (app factory + MethodView style)."""
import ast
import hashlib
import logging
import os
import random
import re
import secrets
import string
import traceback
import uuid
from urllib.parse import urlparse

import requests
from flask import Flask, Response, abort, g, jsonify, request, session
from flask.views import MethodView
from ldap3 import SUBTREE, Connection, Server
from ldap3.utils.conv import escape_filter_chars
from lxml import etree
from pymongo import MongoClient
from werkzeug.security import check_password_hash, generate_password_hash

logger = logging.getLogger(__name__)


class Config:
    LDAP_HOST = "ldaps://directory.corp.example:636"
    BASE_DN = "dc=corp,dc=example"
    MONGO_URI = "mongodb://audit-db:27017"
    ORGCHART = "/etc/directory/orgchart.xml"
    AVATAR_HOSTS = ("avatars.corp.example", "secure.gravatar.com")
    # ruleid: hardcoded-credentials
    SECRET_KEY = "flask-directory-admin-7781"
    # ok: hardcoded-credentials
    LDAP_BIND_PASSWORD = os.environ.get("DIR_LDAP_BIND_PASSWORD")
    LDAP_BIND_DN = "cn=dir-admin,ou=svc,dc=corp,dc=example"


ATTRIBUTE_RULES = {
    "is_contractor": "user.get('employeeType') == 'contractor'",
    "is_remote": "user.get('l', '').lower() == 'remote'",
}


def _sanitize(value: str) -> str:
    return value.replace("\r", "\\r").replace("\n", "\\n")


class UserSearch(MethodView):
    def get(self):
        q = request.args.get("q", "")
        attr = request.args.get("by", "cn")
        if attr not in ("cn", "mail", "uid"):
            abort(400)
        c = g.ldap
        # ok: ldap-injection
        c.search(Config.BASE_DN, f"({attr}={escape_filter_chars(q)})", SUBTREE, attributes=["cn", "mail"])
        hits = [e.entry_attributes_as_dict for e in c.entries]
        team = request.args.get("team")
        if team:
            flt = "(&(objectClass=inetOrgPerson)(ou=%s))" % team
            # ruleid: ldap-injection
            c.search(Config.BASE_DN, flt, SUBTREE, attributes=["cn"])
            hits = [e.entry_attributes_as_dict for e in c.entries]
        return jsonify(hits)


class LoginView(MethodView):
    def post(self):
        uid = request.form.get("uid", "")
        pw = request.form.get("password", "")
        c = g.ldap
        # ruleid: ldap-injection
        c.search(Config.BASE_DN, "(&(uid=" + uid + ")(memberOf=cn=dir-admins,ou=groups," + Config.BASE_DN + "))", attributes=["uid"])
        if not c.entries:
            # ruleid: log-injection
            logger.warning("admin login denied for uid=%s" % uid)
            abort(403)
        if not Connection(Server(Config.LDAP_HOST), user=c.entries[0].entry_dn, password=pw).bind():
            # ok: log-injection
            logger.warning("admin bind failed for uid=%s", _sanitize(uid))
            abort(403)
        session["uid"] = uid
        if request.args.get("legacy_csrf"):
            # ruleid: weak-random-number-generation
            session["csrf"] = "".join(random.choices(string.ascii_letters + string.digits, k=24))
        else:
            # ok: weak-random-number-generation
            session["csrf"] = secrets.token_urlsafe(24)
        token = secrets.token_hex(32)
        g.audit.insert_one({"actor": uid, "action": "login", "token_sha": hashlib.sha256(token.encode()).hexdigest()})
        resp = jsonify(ok=True)
        # ruleid: insecure-cookie
        resp.set_cookie("dir_admin", token, secure=True, httponly=False)
        # ok: insecure-cookie
        resp.set_cookie("dir_admin_v2", token, secure=True, httponly=True, samesite="Strict")
        return resp


class BreakGlassAccounts(MethodView):
    """Local accounts usable when the directory is down."""

    def post(self):
        body = request.get_json(force=True)
        name, pw = body["name"], body["password"]
        if body.get("format") == "legacy":
            # ruleid: insecure-hashing
            stored = hashlib.sha1(pw.encode("utf-8")).hexdigest()
        else:
            # ok: insecure-hashing
            stored = generate_password_hash(pw, method="pbkdf2:sha256:600000")
        g.audit_db.breakglass.update_one({"name": name}, {"$set": {"pw": stored}}, upsert=True)
        return jsonify(ok=True)

    def put(self):
        body = request.get_json(force=True)
        acct = g.audit_db.breakglass.find_one({"name": str(body.get("name", ""))})
        if not acct or not check_password_hash(acct["pw"], body.get("password", "")):
            abort(403)
        return jsonify(ok=True)


class AuditLog(MethodView):
    def get(self):
        actor = request.args.get("actor", "")
        # ok: nosql-injection
        docs = g.audit.find({"actor": actor}, {"_id": 0}).sort("ts", -1).limit(50)
        days = request.args.get("days")
        if days:
            # ruleid: nosql-injection
            docs = g.audit.find({"$where": "this.ts > new Date(Date.now() - " + days + " * 864e5)"}, {"_id": 0})
        return jsonify(list(docs))

    def post(self):
        criteria = request.get_json(silent=True) or {}
        action = criteria.get("action")
        if isinstance(action, str):
            # ok: nosql-injection
            return jsonify(count=g.audit.count_documents({"action": action}))
        # ruleid: nosql-injection
        docs = g.audit.find(criteria, {"_id": 0}).limit(50)
        return jsonify(list(docs))


class OrgChart(MethodView):
    def get(self, dept):
        if re.fullmatch(r"[a-z]{2,20}", dept) is None:
            abort(404)
        tree = etree.parse(Config.ORGCHART)
        mgr = request.args.get("manager")
        # ok: xpath-injection
        nodes = tree.xpath("//dept[@id='%s']/member/@uid" % dept)
        if mgr:
            # ruleid: xpath-injection
            nodes = tree.xpath("//dept[@id='" + dept + "']/member[@manager='" + mgr + "']/@uid")
        return jsonify([str(n) for n in nodes])


class AvatarProxy(MethodView):
    def get(self):
        raw = request.args.get("src", "")
        parsed = urlparse(raw)
        if request.args.get("strict") == "1":
            if parsed.scheme != "https" or parsed.hostname not in Config.AVATAR_HOSTS:
                abort(400)
            # ok: server-side-request-forgery
            r = requests.get(raw, timeout=5, allow_redirects=False)
        else:
            if parsed.hostname not in Config.AVATAR_HOSTS:
                logger.info("non-standard avatar host requested")
            # ruleid: server-side-request-forgery
            r = requests.get(raw, timeout=5)
        # ok: insecure-hashing
        etag = hashlib.new("md5", r.content).hexdigest()
        return Response(r.content, mimetype="image/png", headers={"ETag": etag})


class ProfileSync(MethodView):
    def post(self, uid):
        node = request.form.get("node", "hr-sync.corp.example")
        # ruleid: server-side-request-forgery
        r = requests.get(f"http://{node}/api/people/{uid}", timeout=10)
        return jsonify(r.json())


class RulePreview(MethodView):
    def post(self):
        body = request.get_json(force=True)
        user = body.get("user", {})
        name = body.get("rule")
        if name in ATTRIBUTE_RULES:
            # ok: code-injection
            return jsonify(result=bool(eval(ATTRIBUTE_RULES[name], {"__builtins__": {}}, {"user": user})))
        if "literal" in body:
            # ok: code-injection
            return jsonify(result=ast.literal_eval(body["literal"]))
        if body.get("script"):
            ns = {"user": user, "result": None}
            # ruleid: code-injection
            exec(compile(body["script"], "<rule>", "exec"), ns)
            return jsonify(result=ns["result"])
        # ruleid: code-injection
        return jsonify(result=eval(body.get("expression", "False"), {"user": user}))


def handle_error(exc):
    err_id = uuid.uuid4().hex[:12]
    # ok: stack-trace-exposure
    logger.error("unhandled error %s: %s", err_id, traceback.format_exc())
    if request.args.get("debug") == "1":
        # ruleid: stack-trace-exposure
        return Response("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)), status=500, mimetype="text/plain")
    return jsonify(error="internal error", ref=err_id), 500


def create_app() -> Flask:
    app = Flask(__name__)
    app.config.from_object(Config)
    mongo = MongoClient(app.config["MONGO_URI"])

    @app.before_request
    def _connect():
        g.ldap = Connection(Server(Config.LDAP_HOST), user=Config.LDAP_BIND_DN, password=Config.LDAP_BIND_PASSWORD, auto_bind=True)
        g.audit_db = mongo["directory"]
        g.audit = g.audit_db["audit"]

    app.add_url_rule("/users", view_func=UserSearch.as_view("users"))
    app.add_url_rule("/login", view_func=LoginView.as_view("login"))
    app.add_url_rule("/breakglass", view_func=BreakGlassAccounts.as_view("breakglass"))
    app.add_url_rule("/audit", view_func=AuditLog.as_view("audit"))
    app.add_url_rule("/org/<dept>", view_func=OrgChart.as_view("org"))
    app.add_url_rule("/avatar", view_func=AvatarProxy.as_view("avatar"))
    app.add_url_rule("/sync/<uid>", view_func=ProfileSync.as_view("sync"))
    app.add_url_rule("/rules/preview", view_func=RulePreview.as_view("rules"))
    app.register_error_handler(Exception, handle_error)
    return app
