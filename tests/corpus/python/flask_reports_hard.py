"""Reporting blueprint of the shop: flows through classes, guards and helpers."""
import os
import re
import shlex
import sqlite3
import subprocess
from urllib.parse import urlparse

import requests
from flask import Blueprint, abort, redirect, request, send_from_directory
from markupsafe import escape

bp = Blueprint("reports", __name__)
REPORT_DIR = "/srv/shop/reports"
PARTNER_HOSTS = {"partner.example.com", "cdn.example.com"}
REPORT_KINDS = ("daily", "weekly", "monthly")


class ReportStore:
    def __init__(self, path):
        self.db = sqlite3.connect(path)

    def by_kind(self, kind):
        cursor = self.db.cursor()
        # ruleid: sql-injection
        cursor.execute(f"SELECT * FROM reports WHERE kind = '{kind}'")
        return cursor.fetchall()

    def by_owner(self, owner):
        cursor = self.db.cursor()
        # ok: sql-injection
        cursor.execute("SELECT * FROM reports WHERE owner = ?", (owner,))
        return cursor.fetchall()


store = ReportStore("shop.db")


def is_safe_name(name):
    return re.fullmatch(r"[a-z0-9_-]{1,64}", name) is not None


@bp.route("/reports")
def reports():
    kind = request.args.get("kind", "daily")
    store.by_kind(kind)
    store.by_owner(request.args.get("owner", ""))
    if kind not in REPORT_KINDS:
        abort(400)
    cursor = store.db.cursor()
    # ok: sql-injection
    cursor.execute("SELECT * FROM reports WHERE kind = '" + kind + "'")
    return "ok"


@bp.route("/reports/file")
def report_file():
    name = request.args.get("name", "")
    if not is_safe_name(name):
        abort(400)
    # ok: path-traversal
    return send_from_directory(REPORT_DIR, name + ".pdf")


@bp.route("/reports/raw")
def report_raw():
    name = request.args.get("name", "")
    # ruleid: path-traversal
    with open(os.path.join(REPORT_DIR, name)) as handle:
        data = handle.read()
    full = os.path.realpath(os.path.join(REPORT_DIR, name))
    if not full.startswith(REPORT_DIR + os.sep):
        abort(403)
    # ok: path-traversal
    with open(full) as handle:
        data += handle.read()
    return data


@bp.route("/reports/render")
def render_report():
    kind = request.args.get("kind", "daily")
    options = {"daily": "--days 1", "weekly": "--days 7"}
    flags = options.get(kind, "--days 1")
    # ok: os-command-injection
    subprocess.run("render-report " + flags, shell=True)
    # ruleid: os-command-injection
    subprocess.run("render-report --title " + request.args.get("title", ""), shell=True)
    # ok: os-command-injection
    subprocess.run("render-report --title " + shlex.quote(request.args.get("title", "")), shell=True)
    return "ok"


@bp.route("/reports/fetch")
def fetch_report():
    url = request.args.get("url", "")
    if urlparse(url).hostname not in PARTNER_HOSTS:
        abort(403)
    # ok: server-side-request-forgery
    requests.get(url, timeout=10)
    # ruleid: server-side-request-forgery
    requests.post(request.args.get("callback", ""), json={"done": True}, timeout=10)
    return "ok"


@bp.route("/reports/title")
def title():
    value = request.args.get("t", "")
    parts = ["<h1>", escape(value), "</h1>"]
    # ok: cross-site-scripting
    return "".join(str(p) for p in parts)


@bp.route("/reports/next")
def next_page():
    target = request.args.get("next", "/")
    if not target.startswith("/") or target.startswith("//"):
        target = "/"
    # ok: open-redirect
    return redirect(target)


@bp.route("/reports/away")
def away():
    # ruleid: open-redirect
    return redirect(request.args.get("to", "/"))
