"""Lambda handlers for the supplier invoice pipeline (API Gateway + S3 triggers)."""
import ast
import base64
import json
import logging
import os
import re
import subprocess
import urllib.request
from urllib.parse import urlparse

import boto3
import defusedxml.ElementTree as SafeET
import jsonpickle
import psycopg2
import requests
from Crypto.Cipher import AES, DES
from Crypto.Random import get_random_bytes
from lxml import etree
from psycopg2 import sql

logger = logging.getLogger()
logger.setLevel(logging.INFO)

TABLES = {"invoice": "invoices", "credit": "credit_notes"}
CALLBACK_HOSTS = frozenset({"erp.supplier-portal.example.com", "hooks.example.com"})
CA_BUNDLE = "/opt/certs/partner-ca.pem"
ORDER_ID = re.compile(r"[A-Z]{3}-\d{8}")
STRICT_TLS = True
# ruleid: hardcoded-credentials
PARTNER_API_TOKEN = "pk_live_51HxQe2Lk9vT0aRzYw8bN3mJ"
STATIC_IV = b"\x00" * 16

s3 = boto3.client("s3")
kms = boto3.client("kms")
# ruleid: hardcoded-credentials
archive = boto3.client("s3", region_name="eu-west-1", aws_access_key_id="AKIAQ3EGUQ7PL2ZL5S6F", aws_secret_access_key="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")


def _conn():
    # ok: hardcoded-credentials
    return psycopg2.connect(host=os.environ["PGHOST"], dbname="invoices", user="ingest", password=os.environ["PGPASSWORD"])


def _body(event):
    raw = event.get("body") or ""
    return base64.b64decode(raw) if event.get("isBase64Encoded") else raw.encode()


def parse_invoice(event, context):
    payload = _body(event)
    parser = etree.XMLParser(resolve_entities=True, load_dtd=True, no_network=False)
    # ruleid: xml-external-entity
    root = etree.fromstring(payload, parser)
    oid = event["queryStringParameters"]["order"]
    # ruleid: xpath-injection
    lines = root.xpath("//Invoice[@order='" + oid + "']/Line")
    # ok: xpath-injection
    total = root.xpath("sum(//Invoice[@order=$o]/Line/Amount)", o=oid)
    # ruleid: log-injection
    logger.info(f"parsed invoice for order {oid}: {len(lines)} lines")
    return {"statusCode": 200, "body": json.dumps({"lines": len(lines), "total": total})}


def parse_invoice_v2(event, context):
    payload = _body(event)
    # ok: xml-external-entity
    root = SafeET.fromstring(payload)
    hardened = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    # ok: xml-external-entity
    doc = etree.fromstring(payload, parser=hardened)
    oid = event["pathParameters"]["order"]
    if not ORDER_ID.fullmatch(oid):
        return {"statusCode": 400, "body": "bad order id"}
    # ok: xpath-injection
    nodes = doc.xpath(f"//Invoice[@order='{oid}']/Line")
    # ok: log-injection
    logger.info("parsed invoice %s (%d lines, %d top-level)", oid, len(nodes), len(root))
    return {"statusCode": 200, "body": json.dumps({"lines": len(nodes)})}


def store_invoice(event, context):
    rec = json.loads(event["body"])
    kind = rec.get("kind", "invoice")
    supplier = rec["supplier"]
    with _conn() as c, c.cursor() as cur:
        table = TABLES.get(kind)
        if table is None:
            return {"statusCode": 400, "body": "unknown kind"}
        # ok: sql-injection
        cur.execute(sql.SQL("INSERT INTO {} (supplier, amount) VALUES (%s, %s)").format(sql.Identifier(table)), (supplier, rec["amount"]))
        # ruleid: sql-injection
        cur.execute("UPDATE suppliers SET last_seen = now() WHERE name = '{}'".format(supplier))
        # ruleid: sql-injection
        cur.execute(sql.SQL("SELECT count(*) FROM {} WHERE supplier = '" + supplier + "'").format(sql.Identifier(table)))
        n = cur.fetchone()[0]
    return {"statusCode": 201, "body": json.dumps({"count": n})}


def notify_partner(event, context):
    rec = json.loads(event["body"])
    cb = rec["callback_url"]
    msg = json.dumps({"status": "received", "id": rec.get("id")}).encode()
    u = urlparse(cb)
    if u.scheme == "https" and u.hostname in CALLBACK_HOSTS:
        # ok: server-side-request-forgery
        urllib.request.urlopen(urllib.request.Request(cb, data=msg, headers={"Content-Type": "application/json"}), timeout=10)
    else:
        # ruleid: server-side-request-forgery
        urllib.request.urlopen(cb, data=msg, timeout=10)
    verify = CA_BUNDLE if STRICT_TLS else False
    # ok: improper-certificate-validation
    requests.post("https://erp.supplier-portal.example.com/api/ack", json={"id": rec.get("id")}, headers={"Authorization": "Bearer " + os.environ["ERP_TOKEN"]}, verify=verify, timeout=10)
    if not STRICT_TLS or rec.get("legacy"):
        # ruleid: improper-certificate-validation
        requests.post("https://legacy-erp.supplier-portal.example.com/ack", json={"id": rec.get("id")}, verify=False, timeout=10)
    return {"statusCode": 202}


def apply_rules(event, context):
    rules = event.get("rules", [])
    ctx = {"amount": float(event.get("amount", 0)), "currency": event.get("currency", "EUR")}
    out = []
    for item in rules:
        # ruleid: code-injection
        out.append(bool(eval(item["expr"], {}, ctx)))
    # ok: code-injection
    thresholds = ast.literal_eval(event.get("thresholds", "{}"))
    return {"matched": out, "thresholds": thresholds}


def restore_batch(event, context):
    blob = _body(event)
    if event.get("headers", {}).get("content-type") == "application/json":
        # ok: untrusted-deserialization
        batch = json.loads(blob)
    else:
        # ruleid: untrusted-deserialization
        batch = jsonpickle.decode(blob.decode())
    return {"statusCode": 200, "body": json.dumps({"size": len(batch)})}


def render_pdf(event, context):
    key = json.loads(event["body"])["document"]
    s3.download_file("invoice-inbox", "documents/" + key + ".xml", "/tmp/in.xml")
    # ruleid: os-command-injection
    subprocess.run("xsltproc /opt/invoice.xsl /tmp/in.xml | wkhtmltopdf - /tmp/%s.pdf" % key, shell=True, check=True)
    # ok: os-command-injection
    subprocess.run(["wkhtmltopdf", "--quiet", "/tmp/in.html", "/tmp/out.pdf"], check=True)
    return {"ok": True}


def seal_document(event, context):
    data = _body(event)
    key = kms.generate_data_key(KeyId=os.environ["KMS_KEY_ID"], KeySpec="AES_256")["Plaintext"]
    # ruleid: insecure-cryptography
    ecb = AES.new(key, AES.MODE_ECB)
    fingerprint = ecb.encrypt(data[:16].ljust(16, b"\0"))
    # ruleid: insecure-cryptography
    legacy = DES.new(key[:8], DES.MODE_CBC, iv=STATIC_IV[:8])
    # ruleid: insecure-cryptography
    cbc = AES.new(key, AES.MODE_CBC, STATIC_IV)
    nonce = get_random_bytes(12)
    # ok: insecure-cryptography
    gcm = AES.new(key, AES.MODE_GCM, nonce=nonce)
    ct, tag = gcm.encrypt_and_digest(data)
    archive.put_object(Bucket="invoice-sealed", Key=fingerprint.hex(), Body=nonce + tag + ct)
    return {"sealed": len(ct), "legacy": len(legacy.encrypt(b"\0" * 8)), "cbc": len(cbc.encrypt(b"\0" * 16))}
