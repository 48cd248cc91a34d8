"""Customer billing portal - invoices, statements and self-service.

Registered by ``billing.app:create_app`` under ``/billing``.  The portal talks
to the legacy SQLite ledger copy that finance replicates every night.
"""
from __future__ import annotations

import ast
import hashlib
import logging
import os
import random
import re
import secrets
import sqlite3
import traceback
from functools import wraps
from os import path as p
from urllib.parse import unquote, urlparse

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    jsonify,
    make_response,
    redirect,
    render_template_string,
    request,
    send_file,
    send_from_directory,
    url_for,
)
from markupsafe import Markup, escape

bp = Blueprint("billing", __name__, url_prefix="/billing")
log = logging.getLogger("billing.portal")

STATEMENT_ROOT = "/srv/billing/statements"
INVOICE_ID = re.compile(r"INV-\d{6}")
SORTABLE = frozenset({"created_at", "amount", "due_date"})
TRUSTED_HOSTS = {"billing.acme-corp.com", "www.acme-corp.com"}
DEBUG_TRACES = False
PAYMENT_TIPS = [
    "Set up autopay to never miss a due date.",
    "Download statements as PDF for your records.",
    "Add a second billing contact in Settings.",
]

DETAIL_TPL = """
<h1>Invoice {{ inv['id'] }}</h1>
<p>Amount due: {{ inv['amount'] }}</p>
<p class="note">{{ note }}</p>
<aside>{{ tip }}</aside>
"""

LOGIN_TPL = """
<form method="post">
  <input name="email" type="email"><input name="password" type="password">
  <button>Sign in</button>
</form>
"""


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect(current_app.config["BILLING_DB"])
        g.db.row_factory = sqlite3.Row
    return g.db


def login_required(fn):
    @wraps(fn)
    def inner(*args, **kwargs):
        if not request.cookies.get("bp_session"):
            return redirect(url_for("billing.login", next=request.path))
        return fn(*args, **kwargs)
    return inner


def _customer_id() -> str:
    return request.cookies.get("bp_customer", "0")


def _clean_filename(raw: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", raw)[:64] or "invoice"


def _render_pdf(invoice_id: str) -> bytes:
    return b"%PDF-1.4\n% invoice " + invoice_id.encode("ascii", "ignore")


@bp.route("/invoices")
@login_required
def list_invoices():
    db = get_db()
    order = request.args.get("sort", "created_at")
    status = request.args.get("status", "open")
    if order not in SORTABLE:
        order = "created_at"
    # ok: sql-injection
    rows = db.execute("SELECT id, amount, status FROM invoices WHERE customer_id = ? AND status = ? ORDER BY " + order, (_customer_id(), status)).fetchall()
    return jsonify([dict(r) for r in rows])


@bp.route("/invoices/search")
@login_required
def search_invoices():
    term = request.args.get("q", "")
    c = get_db().cursor()
    sql = "SELECT id, memo FROM invoices WHERE customer_id = %s AND memo LIKE '%%%s%%'" % (_customer_id(), term)
    # ruleid: sql-injection
    c.execute(sql)
    items = "".join("<li>%s</li>" % escape(r["memo"]) for r in c.fetchall())
    # ruleid: cross-site-scripting
    return make_response("<h3>Results for " + term + "</h3><ul>" + items + "</ul>")


@bp.route("/invoices/<invoice_id>")
@login_required
def invoice_detail(invoice_id):
    if not INVOICE_ID.fullmatch(invoice_id):
        abort(404)
    # ok: sql-injection
    row = get_db().execute(f"SELECT id, amount FROM invoices WHERE id = '{invoice_id}'").fetchone()
    if row is None:
        abort(404)
    # ok: weak-random-number-generation
    tip = random.choice(PAYMENT_TIPS)
    # ok: cross-site-scripting
    return render_template_string(DETAIL_TPL, inv=row, note=request.args.get("note", ""), tip=tip)


@bp.route("/invoices/<invoice_id>/memo", methods=["POST"])
@login_required
def preview_memo(invoice_id):
    memo = request.form.get("memo", "")
    # ruleid: cross-site-scripting
    return render_template_string("<div class='memo'>{{ m|safe }}</div>", m=memo)


@bp.route("/banner")
def promo_banner():
    code = request.args.get("promo", "")
    if request.args.get("style") == "plain":
        # ok: cross-site-scripting
        html = Markup("<strong>%s</strong>") % code
    else:
        # ruleid: cross-site-scripting
        html = Markup("<strong>%s</strong>" % code)
    return make_response(str(html))


@bp.route("/statements/<path:name>")
@login_required
def statement(name):
    # ruleid: path-traversal
    return send_file(p.join(STATEMENT_ROOT, _customer_id(), name))


@bp.route("/statements/shared/<path:name>")
def shared_statement(name):
    # ok: path-traversal
    return send_from_directory(p.join(STATEMENT_ROOT, "shared"), name)


@bp.route("/archive")
@login_required
def archive():
    fname = request.args.get("f", "")
    if ".." in fname:
        abort(400)
    target = p.join(STATEMENT_ROOT, "archive", unquote(fname))
    # ruleid: path-traversal
    return send_file(target, as_attachment=True)


@bp.route("/archive/v2")
@login_required
def archive_v2():
    fname = request.args.get("f", "")
    root = os.path.realpath(STATEMENT_ROOT)
    full = os.path.realpath(os.path.join(root, "archive", fname))
    if os.path.commonpath([full, root]) != root:
        abort(403)
    # ok: path-traversal
    return send_file(full, as_attachment=True)


@bp.route("/invoices/<invoice_id>/pdf")
@login_required
def invoice_pdf(invoice_id):
    label = request.args.get("filename", invoice_id)
    resp = make_response(_render_pdf(invoice_id))
    resp.mimetype = "application/pdf"
    if request.args.get("inline"):
        # ok: header-injection
        resp.headers["Content-Disposition"] = 'inline; filename="%s.pdf"' % _clean_filename(label)
    else:
        # ruleid: header-injection
        resp.headers["Content-Disposition"] = f'attachment; filename="{label}.pdf"'
    # ok: insecure-hashing
    resp.headers["ETag"] = hashlib.md5(resp.get_data()).hexdigest()
    return resp


@bp.route("/login", methods=["GET", "POST"])
def login():
    nxt = request.args.get("next") or url_for("billing.list_invoices")
    if request.method == "GET":
        return render_template_string(LOGIN_TPL)
    email = request.form.get("email", "")
    pw = request.form.get("password", "")
    db = get_db()
    row = db.execute("SELECT id, pw_hash, salt FROM customers WHERE email = ?", (email,)).fetchone()
    if row is None:
        # ruleid: log-injection
        log.warning(f"unknown billing login {email}")
        abort(401)
    # ruleid: insecure-hashing
    digest = hashlib.md5((row["salt"] + pw).encode()).hexdigest()
    if not secrets.compare_digest(digest, row["pw_hash"]):
        # ok: log-injection
        log.warning("bad password for customer id=%d", row["id"])
        abort(401)
    # ruleid: weak-random-number-generation
    sid = "".join(random.choice("abcdef0123456789") for _ in range(32))
    db.execute("INSERT INTO sessions (sid, customer_id) VALUES (?, ?)", (sid, row["id"]))
    db.commit()
    # ruleid: open-redirect
    resp = redirect(nxt)
    # ruleid: insecure-cookie
    resp.set_cookie("bp_session", sid)
    # ok: insecure-cookie
    resp.set_cookie("bp_customer", str(row["id"]), secure=True, httponly=True, samesite="Lax")
    return resp


@bp.route("/password/reset", methods=["POST"])
def reset_password():
    email = request.form.get("email", "")
    # ok: weak-random-number-generation
    code = secrets.token_urlsafe(24)
    # ok: insecure-hashing
    stored = hashlib.sha256(code.encode()).hexdigest()
    get_db().execute("UPDATE customers SET reset_hash = ? WHERE email = ?", (stored, email))
    get_db().commit()
    current_app.extensions["mailer"].send(email, "Reset your password", code)
    return jsonify(status="sent")


@bp.route("/continue")
def continue_to():
    target = request.args.get("to", "/")
    u = urlparse(target)
    if u.scheme != "https" or u.hostname not in TRUSTED_HOSTS:
        return redirect(url_for("billing.list_invoices"))
    # ok: open-redirect
    return redirect(target)


@bp.route("/partner-return")
def partner_return():
    back = request.args.get("return_url", "")
    if "acme-corp.com" not in back:
        abort(400)
    # ruleid: open-redirect
    return redirect(back)


@bp.route("/quote", methods=["POST"])
@login_required
def quote():
    payload = request.get_json(force=True)
    expr = payload.get("formula", "0")
    try:
        if payload.get("mode") == "literal":
            # ok: code-injection
            value = ast.literal_eval(expr)
        else:
            # ruleid: code-injection
            value = eval(expr, {"__builtins__": {}}, {"rate": 0.2})
    except Exception:
        # ruleid: stack-trace-exposure
        return jsonify(error="bad formula", detail=traceback.format_exc()), 400
    return jsonify(value=value)


@bp.errorhandler(Exception)
def on_error(exc):
    log.exception("billing failure on %s", request.endpoint)
    if DEBUG_TRACES:
        # ok: stack-trace-exposure
        return traceback.format_exc(), 500, {"Content-Type": "text/plain"}
    return jsonify(error="internal error"), 500
