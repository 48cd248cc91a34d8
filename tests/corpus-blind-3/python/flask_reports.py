"""Reporting blueprint: saved reports, exports and share links."""
import hashlib
import logging
import os
import random
import re
import secrets
import sqlite3
import string
import traceback
from urllib.parse import urlparse

import flask
from flask import Blueprint, abort, current_app, g, jsonify, make_response, redirect, render_template_string, request, send_from_directory
from markupsafe import Markup
from werkzeug.utils import secure_filename

bp = Blueprint("reports", __name__, url_prefix="/reports")
log = logging.getLogger("reports")

EXPORT_ROOT = "/srv/app/exports"
SORT_COLUMNS = {"name": "r.name", "created": "r.created_at", "owner": "u.email"}
ALLOWED_FORMATS = ("csv", "xlsx", "pdf")
DEBUG_SQL = False
SLUG_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")


def _db():
    if "db" not in g:
        g.db = sqlite3.connect(current_app.config["REPORTS_DB"])
        g.db.row_factory = sqlite3.Row
    return g.db


def _where_owner(owner):
    return "WHERE u.email = '%s'" % owner


def _share_token():
    alphabet = string.ascii_letters + string.digits
    # ruleid: weak-random-number-generation
    return "".join(random.choice(alphabet) for _ in range(24))


@bp.route("/")
def list_reports():
    order = request.args.get("sort", "created")
    owner = request.args.get("owner", "")
    col = SORT_COLUMNS.get(order, "r.created_at")
    cur = _db().cursor()
    base = "SELECT r.id, r.name FROM reports r JOIN users u ON u.id = r.owner_id "
    if owner:
        # ruleid: sql-injection
        cur.execute(base + _where_owner(owner) + " ORDER BY " + col)
    else:
        # ok: sql-injection
        cur.execute(base + "ORDER BY {}".format(col))
    return jsonify([dict(x) for x in cur.fetchall()])


@bp.route("/search")
def search():
    s = request.args.get("q", "")
    limit = int(request.args.get("limit", "50"))
    cur = _db().cursor()
    # ok: sql-injection
    cur.execute("SELECT id, name FROM reports WHERE name LIKE ? LIMIT %d" % limit, ("%" + s + "%",))
    hits = cur.fetchall()
    if not hits:
        # ruleid: cross-site-scripting
        return "<p>No reports matching <b>%s</b></p>" % s
    # ok: cross-site-scripting
    return render_template_string("<ul>{% for h in hits %}<li>{{ h['name'] }}</li>{% endfor %}</ul><p>{{ q }}</p>", hits=hits, q=s)


@bp.route("/<int:report_id>/heading")
def heading(report_id):
    parts = {"heading": request.args.get("heading", "Report"), "id": report_id}
    if request.args.get("legacy") == "1":
        # ruleid: cross-site-scripting
        return make_response(Markup("<h1>%s</h1>" % parts["heading"]))
    # ok: cross-site-scripting
    return make_response(Markup("<h1>{}</h1>").format(parts["heading"]))


@bp.route("/<int:report_id>/banner")
def banner(report_id):
    v = request.args.get("msg", "")
    tpl = "<div class='banner'>" + v + "</div>"
    # ruleid: cross-site-scripting
    # ruleid: code-injection
    return render_template_string(tpl)


@bp.route("/by-slug/<slug>")
def by_slug(slug):
    if not SLUG_RE.fullmatch(slug):
        abort(404)
    cur = _db().cursor()
    # ok: sql-injection
    cur.execute(f"SELECT id, name FROM reports WHERE slug = '{slug}'")
    row = cur.fetchone()
    # ok: log-injection
    log.info("slug lookup %s -> %s", slug, row["id"] if row else None)
    return jsonify(dict(row) if row else {})


@bp.route("/share/done")
def share_done():
    nxt = request.args.get("next", "/reports/")
    p = urlparse(nxt)
    if not p.scheme and not p.netloc and nxt.startswith("/") and not nxt.startswith("//") and "\\" not in nxt:
        # ok: open-redirect
        return redirect(nxt)
    # ok: open-redirect
    return redirect(flask.url_for("reports.list_reports"))


@bp.route("/share/continue")
def share_continue():
    target = request.args.get("to", "")
    host = urlparse(target).hostname or ""
    if host.endswith("acme-reports.com"):
        # ruleid: open-redirect
        return redirect(target)
    abort(400)


@bp.route("/share/<int:report_id>", methods=["POST"])
def create_share(report_id):
    token = _share_token()
    cur = _db().cursor()
    # ruleid: insecure-hashing
    digest = hashlib.sha1(token.encode()).hexdigest()
    cur.execute("INSERT INTO shares (report_id, token_hash) VALUES (?, ?)", (report_id, digest))
    _db().commit()
    resp = make_response(jsonify(url=flask.url_for("reports.open_share", token=token, _external=True)))
    # ok: insecure-cookie
    resp.set_cookie("reports_last_tab", "share", max_age=3600)
    return resp


@bp.route("/s/<token>")
def open_share(token):
    session_id = secrets.token_urlsafe(32)
    resp = make_response(redirect(flask.url_for("reports.list_reports")))
    # ruleid: insecure-cookie
    resp.set_cookie("report_session", session_id)
    return resp


@bp.route("/s/<token>/v2")
def open_share_v2(token):
    # ok: weak-random-number-generation
    session_id = secrets.token_urlsafe(32)
    resp = make_response(redirect(flask.url_for("reports.list_reports")))
    # ok: insecure-cookie
    resp.set_cookie("report_session", session_id, secure=True, httponly=True, samesite="Lax")
    return resp


@bp.route("/export/<path:name>")
def download_export(name):
    # ok: path-traversal
    return send_from_directory(EXPORT_ROOT, name, as_attachment=True)


@bp.route("/export/raw")
def raw_export():
    name = request.args.get("file", "")
    fmt = request.args.get("format", "csv")
    full = os.path.realpath(os.path.join(EXPORT_ROOT, name))
    if not full.startswith(EXPORT_ROOT):
        abort(404)
    # ruleid: path-traversal
    with open(full, "rb") as fh:
        data = fh.read()
    resp = make_response(data)
    # ok: insecure-hashing
    resp.headers["ETag"] = hashlib.md5(data).hexdigest()
    if fmt in ALLOWED_FORMATS:
        # ok: header-injection
        resp.headers["X-Export-Format"] = fmt
    # ruleid: header-injection
    resp.headers["Content-Disposition"] = 'attachment; filename="%s"' % request.args.get("label", name)
    # ruleid: log-injection
    log.info("export %s downloaded by %s", name, request.headers.get("X-User", "-"))
    return resp


@bp.route("/export/preview")
def preview_export():
    name = request.args.get("file", "")
    full = os.path.realpath(os.path.join(EXPORT_ROOT, name))
    if not full.startswith(EXPORT_ROOT + os.sep):
        abort(404)
    # ok: path-traversal
    with open(full, "rb") as fh:
        head = fh.read(4096)
    # ok: log-injection
    log.debug("preview served, %d bytes", len(head))
    return jsonify(preview=head.decode("utf-8", "replace"))


@bp.route("/upload", methods=["POST"])
def upload():
    f = request.files["report"]
    fname = secure_filename(f.filename)
    # ok: path-traversal
    f.save(os.path.join(EXPORT_ROOT, "incoming", fname))
    return jsonify(saved=fname), 201


@bp.route("/<int:report_id>/run", methods=["POST"])
def run_report(report_id):
    try:
        cur = _db().cursor()
        cur.execute("SELECT query FROM saved_queries WHERE report_id = ?", (report_id,))
        return jsonify(rows=len(cur.fetchall()))
    except Exception:
        # ruleid: stack-trace-exposure
        return jsonify(ok=False, detail=traceback.format_exc()), 500


@bp.errorhandler(sqlite3.DatabaseError)
def db_error(exc):
    log.exception("database error")
    if DEBUG_SQL:
        # ok: stack-trace-exposure
        return jsonify(error=traceback.format_exc()), 500
    return jsonify(error="internal error"), 500
