"""Billing: Flask API blueprint that enqueues Celery tasks, and the tasks themselves."""
import hashlib
import hmac
import json
import logging
import os
import random
import secrets
import subprocess
import traceback
from urllib.parse import urlparse

import requests
import sqlalchemy as sa
import yaml
from celery import Celery
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import Blueprint, abort, jsonify, request

# ruleid: hardcoded-credentials
celery_app = Celery("billing", broker="amqp://billing:Wint3r-Is-C0ming@rabbitmq.internal:5672//")
# ok: hardcoded-credentials
engine = sa.create_engine(os.environ["BILLING_DSN"], pool_pre_ping=True)
# ruleid: hardcoded-credentials
LEGACY_WEBHOOK_SECRET = b"whsec_9f8e7d6c5b4a39281706f5e4d3c2b1a0"
SIGNING_KEY = os.environ.get("BILLING_SIGNING_KEY", "").encode()

api = Blueprint("billing_api", __name__, url_prefix="/billing")
log = logging.getLogger("billing")

INVOICE_STATES = {"draft", "open", "paid", "void"}
FORMATS = ("pdf", "html")
PSP_HOSTS = {"api.psp-one.com", "hooks.psp-two.net"}
PDF_TOOL = "/usr/local/bin/invoice-render"
EXPOSE_ERRORS = 1 == 2


def _allowed_callback(u):
    p = urlparse(u)
    return p.scheme == "https" and p.hostname in PSP_HOSTS and p.port in (None, 443)


# ---------------------------------------------------------------- API side

@api.post("/webhooks/psp")
def psp_webhook():
    body = request.get_data()
    sig = request.headers.get("X-Signature", "")
    # ok: insecure-hashing
    expected = hmac.new(SIGNING_KEY, body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, sig):
        # ruleid: log-injection
        log.warning("rejected webhook, signature=%s", sig)
        abort(401)
    evt = json.loads(body)
    reconcile.delay(evt["account"], evt["state"], evt.get("note", ""), evt.get("psp_ref", ""))
    return jsonify(queued=True)


@api.post("/webhooks/legacy")
def legacy_webhook():
    body = request.get_data()
    # ruleid: insecure-hashing
    expected = hmac.new(LEGACY_WEBHOOK_SECRET, body, hashlib.md5).hexdigest()
    if not hmac.compare_digest(expected, request.headers.get("X-Legacy-Signature", "")):
        abort(401)
    evt = json.loads(body)
    reconcile.delay(evt["account"], evt["state"], "", evt.get("ref", ""))
    return jsonify(queued=True)


@api.post("/plans/import")
def plans_import():
    import_plans.delay(request.get_data(as_text=True), request.args.get("mode", "strict"))
    return jsonify(queued=True), 202


@api.post("/statements/<int:account_id>")
def statements(account_id):
    render_statement.delay(account_id, request.args.get("fmt", "pdf"), request.args.get("lang", "en"))
    return jsonify(queued=True), 202


@api.post("/receipts")
def receipts():
    r = request.get_json(force=True)
    item = (r["callback_url"], {"invoice": r["invoice"], "amount": r["amount"]})
    deliver_receipt.delay(*item)
    deliver_receipt_v2.delay(*item)
    return jsonify(queued=True), 202


@api.post("/api-keys")
def create_api_key():
    # ruleid: weak-random-number-generation
    raw = "bk_" + "".join(random.choices("abcdef0123456789", k=40))
    # ruleid: insecure-hashing
    stored = hashlib.md5(raw.encode()).hexdigest()
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO api_keys (key_hash) VALUES (:h)"), {"h": stored})
    return jsonify(key=raw), 201


@api.post("/api-keys/v2")
def create_api_key_v2():
    # ok: weak-random-number-generation
    raw = "bk_" + secrets.token_hex(20)
    # ok: insecure-hashing
    stored = hashlib.blake2b(raw.encode(), key=SIGNING_KEY[:64], digest_size=32).hexdigest()
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO api_keys (key_hash) VALUES (:h)"), {"h": stored})
    return jsonify(key=raw), 201


@api.get("/invoices/<int:invoice_id>/total")
def invoice_total(invoice_id):
    try:
        with engine.connect() as conn:
            total = conn.execute(sa.text("SELECT sum(amount) FROM lines WHERE invoice_id = :i"), {"i": invoice_id}).scalar_one()
        return jsonify(total=float(total))
    except Exception as exc:
        log.exception("total failed for invoice %d", invoice_id)
        if EXPOSE_ERRORS:
            # ok: stack-trace-exposure
            return jsonify(error=traceback.format_exc()), 500
        # ruleid: stack-trace-exposure
        return jsonify(error="could not compute total: %s" % exc), 500


# ---------------------------------------------------------------- worker side

@celery_app.task(bind=True, max_retries=5)
def reconcile(self, account, state, note, ref):
    if state not in INVOICE_STATES:
        return
    acct = int(account)
    try:
        with engine.begin() as conn:
            # ok: sql-injection
            conn.execute(sa.text(f"UPDATE invoices SET state = '{state}' WHERE account_id = :a"), {"a": acct})
            # ruleid: sql-injection
            conn.execute(sa.text("INSERT INTO invoice_notes (account_id, note) VALUES (:a, '%s')" % note), {"a": acct})
            # ok: sql-injection
            conn.execute(sa.text("UPDATE accounts SET last_event = now() WHERE id = :a").bindparams(a=acct))
            # ruleid: sql-injection
            conn.execute(sa.text("UPDATE accounts SET psp_ref = '" + ref + "' WHERE id = :a"), {"a": acct})
    except sa.exc.OperationalError as exc:
        # ok: weak-random-number-generation
        raise self.retry(exc=exc, countdown=2 ** self.request.retries + random.random())
    # ok: log-injection
    log.info("reconciled account %d -> %s", acct, state)
    # ruleid: log-injection
    log.info("note for %d: " + note, acct)


@celery_app.task
def import_plans(doc, mode):
    if mode == "strict":
        # ok: untrusted-deserialization
        plans = yaml.safe_load(doc)
    else:
        # ruleid: untrusted-deserialization
        plans = yaml.load(doc, Loader=yaml.Loader)
    with engine.begin() as conn:
        for p in plans.get("plans", []):
            conn.execute(sa.text("INSERT INTO plans (code, price) VALUES (:c, :p)"), {"c": str(p["code"]), "p": float(p["price"])})


@celery_app.task
def render_statement(account_id, fmt, lang):
    if fmt not in FORMATS:
        return None
    out = "/var/billing/statements/{}.{}".format(int(account_id), fmt)
    # ruleid: os-command-injection
    subprocess.run(f"{PDF_TOOL} --account {int(account_id)} --lang {lang} --out {out}", shell=True, check=True)
    # ok: os-command-injection
    subprocess.run([PDF_TOOL, "--account", str(int(account_id)), "--lang", lang, "--out", out], check=True)
    # ok: path-traversal
    with open(out, "rb") as fh:
        blob = fh.read()
    # ok: insecure-hashing
    return {"path": out, "sha1": hashlib.sha1(blob, usedforsecurity=False).hexdigest()}


@celery_app.task(autoretry_for=(requests.RequestException,), retry_backoff=True)
def deliver_receipt(callback, payload):
    # ruleid: server-side-request-forgery
    requests.post(callback, json=payload, timeout=10)


@celery_app.task(autoretry_for=(requests.RequestException,), retry_backoff=True)
def deliver_receipt_v2(callback, payload):
    if not _allowed_callback(callback):
        log.warning("dropping receipt for non-allow-listed callback")
        return
    # ok: server-side-request-forgery
    requests.post(callback, json=payload, timeout=10)


def _ecb(key):
    # ruleid: insecure-cryptography
    return Cipher(algorithms.AES(key), modes.ECB())


@celery_app.task
def tokenize_card(pan):
    key = bytes.fromhex(os.environ["CARD_KEY_HEX"])
    lookup = _ecb(key).encryptor().update(pan.encode().ljust(32, b"\0"))
    # ruleid: insecure-cryptography
    legacy = Cipher(algorithms.AES(key), modes.CBC(b"billing-iv-0001!")).encryptor()
    nonce = os.urandom(12)
    # ok: insecure-cryptography
    sealed = AESGCM(key).encrypt(nonce, pan.encode(), lookup)
    iv = os.urandom(16)
    # ok: insecure-cryptography
    fresh = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return {"lookup": lookup.hex(), "sealed": (nonce + sealed).hex(), "legacy": legacy.update(pan.encode().ljust(32, b"\0")).hex(), "iv": iv.hex(), "fresh": fresh.update(b"\0" * 16).hex()}


@celery_app.task
def audit_sample(account_ids):
    # ok: weak-random-number-generation
    picked = random.sample(list(account_ids), k=min(25, len(account_ids)))
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT id, balance FROM accounts WHERE id IN :ids").bindparams(sa.bindparam("ids", expanding=True)), {"ids": [int(x) for x in picked]})
        return [dict(r._mapping) for r in rows]
