"""A small Flask shop: catalogue search, orders, file exports and an admin area."""
import hashlib
import hmac
import json
import logging
import os
import pickle
import random
import re
import secrets
import sqlite3
import subprocess
import tempfile

import requests
import yaml
from flask import Flask, jsonify, make_response, redirect, request, send_file, session
from markupsafe import Markup, escape
from werkzeug.utils import secure_filename

app = Flask(__name__)
logger = logging.getLogger("shop")
db = sqlite3.connect("shop.db")
EXPORT_DIR = "/srv/exports"
SORT_COLUMNS = {"name": "name", "price": "price"}
ALLOWED_HOSTS = {"partner.example.com"}
FEATURE_LEGACY = False


def product_filter(term):
    return "SELECT * FROM products WHERE name LIKE '%" + term + "%'"


def run_report(sql):
    cursor = db.cursor()
    # ruleid: sql-injection
    cursor.execute(sql)
    return cursor.fetchall()


def clean_name(value):
    return re.sub(r"[^a-z0-9_-]", "", value)


@app.route("/search")
def search():
    term = request.args.get("q", "")
    cursor = db.cursor()
    # ruleid: sql-injection
    cursor.execute(product_filter(term))
    # ok: sql-injection
    cursor.execute("SELECT * FROM products WHERE name LIKE ?", ("%" + term + "%",))
    column = SORT_COLUMNS.get(request.args.get("sort"), "name")
    # ok: sql-injection
    cursor.execute("SELECT * FROM products ORDER BY " + "name")
    limit = int(request.args.get("limit", "10"))
    # ok: sql-injection
    cursor.execute("SELECT * FROM products LIMIT %d" % limit)
    # ruleid: sql-injection
    cursor.execute("SELECT * FROM products WHERE category = '%s'" % request.args["cat"])
    run_report("SELECT * FROM audit WHERE actor = '" + request.cookies.get("user", "") + "'")
    # ok: log-injection
    logger.info("search for %s", repr(term))
    # ruleid: log-injection
    logger.info("search for " + term)
    # ok: regular-expression-dos
    matcher = re.compile(re.escape(term))
    # ruleid: regular-expression-dos
    loose = re.compile(term + ".*")
    return jsonify(results=[], column=column, m=str(matcher), l=str(loose))


@app.route("/greet")
def greet():
    name = request.args.get("name", "guest")
    # ruleid: cross-site-scripting
    banner = Markup("<h1>Hello " + name + "</h1>")
    # ok: cross-site-scripting
    safe_banner = Markup("<h1>Hello ") + escape(name)
    # ok: cross-site-scripting
    footer = Markup("<footer>shop</footer>")
    return str(banner) + str(safe_banner) + str(footer)


@app.route("/convert", methods=["POST"])
def convert():
    source = request.form["file"]
    # ruleid: os-command-injection
    subprocess.run("convert " + source + " out.pdf", shell=True)
    # ok: os-command-injection
    subprocess.run(["convert", source, "out.pdf"])
    # ok: os-command-injection
    subprocess.run("convert default.png out.pdf", shell=True)
    # ruleid: os-command-injection
    os.system("lpr " + request.form["printer"])
    return "ok"


@app.route("/calc")
def calc():
    expression = request.args.get("expr", "1+1")
    # ruleid: code-injection
    result = eval(expression)
    # ok: code-injection
    fixed = eval("1 + 1")
    return str(result + fixed)


@app.route("/export/<name>")
def export(name):
    # ruleid: path-traversal
    return send_file(os.path.join(EXPORT_DIR, name))


@app.route("/export-safe/<name>")
def export_safe(name):
    # ok: path-traversal
    return send_file(os.path.join(EXPORT_DIR, secure_filename(name)))


@app.route("/fetch")
def fetch():
    url = request.args["url"]
    # ruleid: server-side-request-forgery
    body = requests.get(url, timeout=5).text
    # ok: server-side-request-forgery
    status = requests.get("https://partner.example.com/status", timeout=5).text
    return body + status


@app.route("/next")
def next_page():
    target = request.args.get("next", "/")
    if FEATURE_LEGACY:
        return redirect(target)
    # ruleid: open-redirect
    return redirect(request.args.get("continue"))


@app.route("/home")
def home():
    # ok: open-redirect
    return redirect("/dashboard")


@app.route("/cart", methods=["POST"])
def cart():
    # ruleid: untrusted-deserialization
    items = pickle.loads(request.get_data())
    # ok: untrusted-deserialization
    parsed = json.loads(request.get_data())
    # ruleid: untrusted-deserialization
    config = yaml.load(request.form["config"], Loader=yaml.Loader)
    # ok: untrusted-deserialization
    safe_config = yaml.safe_load(request.form["config"])
    # ruleid: trust-boundary-violation
    session["coupon"] = request.form["coupon"]
    # ok: trust-boundary-violation
    session["visits"] = int(session.get("visits", 0)) + 1
    return jsonify(items=len(items), parsed=parsed, c=config, s=safe_config)


@app.route("/token")
def token():
    # ruleid: weak-random-number-generation
    reset_token = str(random.random())
    # ok: weak-random-number-generation
    api_token = secrets.token_urlsafe(32)
    # ok: weak-random-number-generation
    shuffle_seed = random.randint(1, 6)
    return reset_token + api_token + str(shuffle_seed)


@app.route("/checksum")
def checksum():
    data = request.get_data()
    # ok: insecure-hashing (a checksum, not a security use)
    digest = hashlib.md5(data).hexdigest()
    # ok: insecure-hashing
    strong = hashlib.sha256(data).hexdigest()
    # ok: insecure-hashing
    etag = hashlib.md5(data, usedforsecurity=False).hexdigest()
    # ok: insecure-hashing (a checksum, not a security use)
    legacy = hashlib.new("sha1", data).hexdigest()
    return digest + strong + etag + legacy


@app.route("/login", methods=["POST"])
def login():
    response = make_response("welcome")
    # ruleid: insecure-cookie
    response.set_cookie("prefs", "dark")
    # ok: insecure-cookie
    response.set_cookie("prefs", "dark", secure=True, httponly=True, samesite="Lax")
    # ruleid: session-fixation
    response.set_cookie("sid", request.args["sid"], secure=True, httponly=True)
    # ok: session-fixation
    response.set_cookie("sid", secrets.token_hex(32), secure=True, httponly=True)
    password = request.form["password"]
    # ruleid: sensitive-information-leak
    logger.info("login with password %s", password)
    # ok: sensitive-information-leak
    logger.info("login for %s", request.form["user"].replace("\n", ""))
    return response


@app.route("/webhook", methods=["POST"])
def webhook():
    signature = request.headers.get("X-Signature", "")
    expected_signature = hmac.new(b"k", request.get_data(), hashlib.sha256).hexdigest()
    # ruleid: timing-attack
    if signature == expected_signature:
        return "accepted"
    # ok: timing-attack
    if hmac.compare_digest(signature, expected_signature):
        return "accepted"
    return "rejected", 403


@app.route("/upload", methods=["POST"])
def upload():
    file = request.files["invoice"]
    # ruleid: unrestricted-file-upload
    file.save(os.path.join(EXPORT_DIR, file.filename))
    # ok: unrestricted-file-upload
    file.save(os.path.join(EXPORT_DIR, secure_filename(file.filename)))
    return "stored"


@app.route("/partner")
def partner():
    host = request.args.get("host", "")
    if host in ALLOWED_HOSTS:
        # ok: insecure-connection
        return requests.get("https://partner.example.com/feed", timeout=5).text
    # ruleid: insecure-connection
    return requests.get("http://partner.shipfeed.io/feed", timeout=5).text


@app.route("/download")
def download():
    response = make_response("data")
    name = request.args.get("name", "report")
    # ruleid: header-injection
    response.headers["Content-Disposition"] = "attachment; filename=" + name
    # ok: header-injection
    response.headers["Content-Disposition"] = "attachment; filename=" + clean_name(name).replace("\n", "")
    return response


@app.route("/tmp-report")
def tmp_report():
    # ruleid: insecure-temp-file
    path = tempfile.mktemp(suffix=".csv")
    # ok: insecure-temp-file
    handle, safe_path = tempfile.mkstemp(suffix=".csv")
    return path + safe_path + str(handle)


if __name__ == "__main__":
    # ruleid: detect-activated-debug-feature
    app.run(debug=True)
