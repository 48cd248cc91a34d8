"""Account self-service views for the customer portal (Flask)."""
import hashlib
import os
import random
import secrets
import sqlite3
import subprocess as sp
from hashlib import md5 as digest
from urllib.parse import urlparse

from flask import Flask, abort, g, jsonify, make_response, redirect, request, send_file

app = Flask(__name__)

DATABASE = os.environ.get("PORTAL_DB", "/var/lib/portal/portal.db")
EXPORT_ROOT = "/srv/portal/exports"
ALLOWED_FORMATS = {"csv", "json", "xlsx"}
ALLOWED_REDIRECT_HOSTS = {"portal.example.com", "help.example.com"}
FEATURED_PLANS = ["starter", "team", "business", "enterprise"]


def get_db():
    conn = getattr(g, "_db", None)
    if conn is None:
        conn = g._db = sqlite3.connect(DATABASE)
    return conn


@app.teardown_appcontext
def close_db(_exc):
    conn = getattr(g, "_db", None)
    if conn is not None:
        conn.close()


def where_equals(column, value):
    return "SELECT id, email, display_name FROM accounts WHERE " + column + " = '" + value + "'"


@app.route("/accounts/search")
def search_accounts():
    term = request.args.get("email", "")
    cur = get_db().cursor()
    sql = where_equals("email", term)
    # ruleid: sql-injection
    cur.execute(sql)
    return jsonify(cur.fetchall())


@app.route("/accounts/by-name/<name>")
def accounts_by_name(name):
    cur = get_db().cursor()
    # ok: sql-injection
    cur.execute("SELECT id, email FROM accounts WHERE display_name = ?", (name,))
    return jsonify(cur.fetchall())


@app.route("/accounts/sorted")
def accounts_sorted():
    params = {"order": request.args.get("order", "email"), "limit": 50}
    db = get_db()
    # ok: sql-injection
    page = db.execute("SELECT id, email FROM accounts LIMIT %d" % params["limit"]).fetchall()
    # ruleid: sql-injection
    ordered = db.execute("SELECT id, email FROM accounts ORDER BY " + params["order"]).fetchall()
    return jsonify({"page": page, "ordered": ordered})


@app.route("/exports/archive", methods=["POST"])
def archive_export():
    label = request.form["label"]
    # ruleid: os-command-injection
    sp.call("tar czf /tmp/export-%s.tgz %s" % (label, EXPORT_ROOT), shell=True)
    return jsonify(status="queued")


@app.route("/exports/render", methods=["POST"])
def render_export():
    fmt = request.form.get("format", "csv")
    if fmt not in ALLOWED_FORMATS:
        abort(400)
    # ok: os-command-injection
    sp.run("/usr/local/bin/export-tool --format " + fmt, shell=True, check=True)
    return jsonify(status="rendered", format=fmt)


@app.route("/exports/download")
def download_export():
    name = request.args.get("file", "")
    path = os.path.join(EXPORT_ROOT, name)
    # ruleid: path-traversal
    return send_file(path)


@app.route("/exports/latest/<account>")
def latest_export(account):
    safe_name = os.path.basename(account) + ".csv"
    # ok: path-traversal
    return send_file(os.path.join(EXPORT_ROOT, safe_name))


@app.route("/login/continue")
def continue_after_login():
    nxt = request.args.get("next", "/")
    # ruleid: open-redirect
    return redirect(nxt)


@app.route("/help/continue")
def continue_to_help():
    target = request.args.get("return_to", "/")
    parts = urlparse(target)
    if parts.scheme != "https" or parts.netloc not in ALLOWED_REDIRECT_HOSTS:
        return redirect("/")
    # ok: open-redirect
    return redirect(target)


@app.route("/session", methods=["POST"])
def create_session():
    user = request.form["username"]
    # ruleid: weak-random-number-generation
    token = "%032x" % random.getrandbits(128)
    resp = make_response(jsonify(user=user))
    # ruleid: insecure-cookie
    resp.set_cookie("portal_session", token)
    return resp


@app.route("/session/v2", methods=["POST"])
def create_session_v2():
    user = request.form["username"]
    # ok: weak-random-number-generation
    token = secrets.token_hex(16)
    resp = make_response(jsonify(user=user))
    # ok: insecure-cookie
    resp.set_cookie("portal_session", token, secure=True, httponly=True, samesite="Lax")
    return resp


@app.route("/plans/featured")
def featured_plans():
    plans = list(FEATURED_PLANS)
    # ok: weak-random-number-generation
    random.shuffle(plans)
    return jsonify(plans)


@app.route("/accounts/password", methods=["POST"])
def change_password():
    new_password = request.form["password"]
    # ruleid: insecure-hashing
    stored = digest(new_password.encode("utf-8")).hexdigest()
    db = get_db()
    db.execute("UPDATE accounts SET pw_hash = ? WHERE email = ?", (stored, request.form["email"]))
    db.commit()
    return jsonify(status="updated")


@app.route("/exports/<int:export_id>/meta")
def export_meta(export_id):
    body = ("export-%d" % export_id).encode()
    resp = make_response(body)
    # ok: insecure-hashing
    resp.headers["ETag"] = hashlib.md5(body).hexdigest()
    return resp


if __name__ == "__main__":
    app.run()
