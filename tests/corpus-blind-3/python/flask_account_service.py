"""Account endpoints: lookup, login, remember-me, exports and return-to handling."""
import hashlib
import logging
import os
import random
import re
import secrets
import sqlite3
import string
import time
import traceback
from os import path as osp
from urllib.parse import urlparse

import flask
from flask import Blueprint, abort, g, jsonify, make_response, redirect, request, url_for
from markupsafe import escape
from werkzeug.security import check_password_hash

bp = Blueprint("accounts", __name__, url_prefix="/accounts")
log = logging.getLogger("accounts")

DB_PATH = os.environ.get("ACCOUNTS_DB", "/var/lib/accounts/accounts.db")
AVATAR_ROOT = "/srv/accounts/avatars"
EXPORT_ROOT = "/srv/accounts/exports"
SORT_COLUMNS = {"created": "created_at", "email": "email", "name": "display_name"}
RETURN_HOSTS = {"app.example.com", "id.example.com"}
USERNAME_RE = re.compile(r"[a-z0-9_.-]{3,32}")
DEBUG_ERRORS = False
TOKEN_ALPHABET = string.ascii_letters + string.digits


def _db():
    if "db" not in g:
        g.db = sqlite3.connect(DB_PATH)
        g.db.row_factory = sqlite3.Row
    return g.db


def _eq(field, value):
    return "%s = '%s'" % (field, value)


def _client_addr():
    return request.headers.get("X-Forwarded-For", request.remote_addr)


@bp.get("/search")
def search():
    q = request.args.get("q", "")
    col = SORT_COLUMNS.get(request.args.get("sort", "created"), "created_at")
    cur = _db().cursor()
    # ok: sql-injection
    cur.execute(f"SELECT id, email, display_name FROM users WHERE display_name LIKE ? ORDER BY {col}", ("%" + q + "%",))
    return jsonify([dict(r) for r in cur.fetchall()])


@bp.get("/by-email")
def by_email():
    params = {"email": request.args.get("email", ""), "active": 1}
    sql = "SELECT id, display_name FROM users WHERE " + _eq("email", params["email"])
    # ruleid: sql-injection
    row = _db().execute(sql).fetchone()
    if row is None:
        abort(404)
    return jsonify(dict(row))


@bp.get("/<int:user_id>/audit")
def audit_trail(user_id):
    limit = int(request.args.get("limit", "50"))
    # ok: sql-injection
    rows = _db().execute("SELECT action, at FROM audit WHERE user_id = %d ORDER BY at DESC LIMIT %d" % (user_id, limit)).fetchall()
    return jsonify([dict(r) for r in rows])


@bp.get("/greeting")
def greeting():
    name = request.args.get("name", "there")
    if request.args.get("plain"):
        # ok: cross-site-scripting
        return "<p>Welcome back, {}!</p>".format(escape(name))
    # ruleid: cross-site-scripting
    return flask.make_response("<p>Welcome back, %s!</p>" % name)


@bp.post("/login")
def login():
    payload = request.get_json(force=True) or {}
    username = payload.get("username", "")
    if not USERNAME_RE.fullmatch(username):
        abort(400)
    # ok: log-injection
    log.info("login attempt for %s", username)
    row = _db().execute("SELECT id, pw_hash, legacy_md5 FROM users WHERE username = ?", (username,)).fetchone()
    if row is None:
        # ok: weak-random-number-generation
        time.sleep(random.uniform(0.05, 0.25))
        abort(401)
    pw = payload.get("password", "")
    if row["pw_hash"]:
        valid = check_password_hash(row["pw_hash"], pw)
    else:
        # ruleid: insecure-hashing
        valid = hashlib.md5(pw.encode("utf-8")).hexdigest() == row["legacy_md5"]
    if not valid:
        # ruleid: log-injection
        log.warning("failed login for %s from %s", username, _client_addr())
        abort(401)

    sid = secrets.token_urlsafe(32)
    _db().execute("INSERT INTO sessions (id, user_id) VALUES (?, ?)", (sid, row["id"]))
    resp = make_response(jsonify(ok=True))
    # ok: insecure-cookie
    resp.set_cookie("sid", sid, secure=True, httponly=True, samesite="Lax")

    if payload.get("remember"):
        r = random.Random()
        # ruleid: weak-random-number-generation
        v = "".join(r.choice(TOKEN_ALPHABET) for _ in range(40))
        # ruleid: insecure-hashing
        stored = hashlib.sha1(v.encode()).hexdigest()
        _db().execute("INSERT INTO remember_tokens (digest, user_id) VALUES (?, ?)", (stored, row["id"]))
        # ruleid: insecure-cookie
        resp.set_cookie("remember_me", v, max_age=30 * 24 * 3600, samesite="Lax")
    _db().commit()
    return resp


@bp.post("/password-reset")
def password_reset():
    email = request.form.get("email", "")
    user = _db().execute("SELECT id FROM users WHERE email = ?", (email,)).fetchone()
    if user is not None:
        # ok: weak-random-number-generation
        code = "%06d" % secrets.randbelow(10 ** 6)
        digest = hashlib.sha256(code.encode()).hexdigest()
        _db().execute("INSERT INTO reset_codes (user_id, digest) VALUES (?, ?)", (user["id"], digest))
        _db().commit()
    return jsonify(sent=True)


@bp.get("/avatar/<name>")
def avatar(name):
    # ok: path-traversal
    return flask.send_from_directory(AVATAR_ROOT, name)


@bp.get("/exports")
def export_file():
    fname = request.args.get("file", "")
    full = osp.realpath(osp.join(EXPORT_ROOT, fname))
    if not full.startswith(EXPORT_ROOT):
        abort(404)
    # ruleid: path-traversal
    return flask.send_file(full, as_attachment=True)


@bp.get("/exports/<batch>/manifest")
def export_manifest(batch):
    full = osp.realpath(osp.join(EXPORT_ROOT, batch, "manifest.json"))
    if osp.commonpath([full, EXPORT_ROOT]) != EXPORT_ROOT:
        abort(404)
    # ok: path-traversal
    with open(full, "rb") as fh:
        data = fh.read()
    resp = make_response(data)
    resp.headers["Content-Type"] = "application/json"
    # ok: insecure-hashing
    resp.headers["ETag"] = hashlib.md5(data).hexdigest()
    return resp


@bp.get("/continue")
def continue_to():
    nxt = request.args.get("next", "")
    u = urlparse(nxt)
    if u.scheme == "https" and u.hostname in RETURN_HOSTS:
        # ok: open-redirect
        return redirect(nxt)
    return redirect(url_for(".search"))


@bp.get("/logout")
def logout():
    target = request.args.get("return_to", "/")
    if target.startswith("https://app.example.com"):
        # ruleid: open-redirect
        resp = redirect(target)
    else:
        resp = redirect("/")
    resp.delete_cookie("sid")
    return resp


@bp.get("/stats/<int:user_id>")
def stats(user_id):
    try:
        row = _db().execute("SELECT count(*) AS n FROM audit WHERE user_id = ?", (user_id,)).fetchone()
    except sqlite3.DatabaseError:
        log.exception("stats query failed")
        # ruleid: stack-trace-exposure
        return jsonify(error="database error", detail=traceback.format_exc()), 500
    return jsonify(events=row["n"])


@bp.errorhandler(Exception)
def on_error(exc):
    log.exception("unhandled error in accounts")
    if DEBUG_ERRORS:
        # ok: stack-trace-exposure
        return jsonify(error=str(exc), trace=traceback.format_exc()), 500
    return jsonify(error="internal error"), 500
