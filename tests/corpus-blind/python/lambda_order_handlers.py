"""AWS Lambda handlers behind API Gateway for the order service."""
import base64
import json
import os
import pickle
import xml.sax
from subprocess import *
from xml.sax.handler import feature_external_ges

import boto3
import pymysql
from defusedxml.sax import parseString as safe_parse_string

ORDER_FIELDS = ("id", "sku", "qty", "status")


def _connect():
    return pymysql.connect(
        host=os.environ["DB_HOST"],
        user=os.environ["DB_USER"],
        password=os.environ["DB_PASSWORD"],
        database="orders",
    )


def _s3_archive_client():
    # ruleid: hardcoded-credentials
    return boto3.client("s3", aws_access_key_id="AKIAIOSFODNN7EXAMPLE", aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")


def _s3_client():
    # ok: hardcoded-credentials
    return boto3.client("s3", region_name=os.environ.get("AWS_REGION", "eu-west-1"))


class OrderLineHandler(xml.sax.ContentHandler):
    def __init__(self):
        super().__init__()
        self.skus = []

    def startElement(self, name, attrs):
        if name == "line":
            self.skus.append(attrs.get("sku"))


def get_order(event, context):
    order_id = event["pathParameters"]["orderId"]
    conn = _connect()
    with conn.cursor() as c:
        # ok: sql-injection
        c.execute("SELECT id, sku, qty, status FROM orders WHERE id = %s", (order_id,))
        row = c.fetchone()
    return {"statusCode": 200, "body": json.dumps(dict(zip(ORDER_FIELDS, row)) if row else {})}


def list_orders(event, context):
    qs = event.get("queryStringParameters") or {}
    filters = [qs.get("status", "open"), qs.get("sku", "")]
    conn = _connect()
    with conn.cursor() as c:
        # ruleid: sql-injection
        c.execute("SELECT id, sku, qty, status FROM orders WHERE status = '%s' AND sku LIKE '%s%%'" % (filters[0], filters[1]))
        rows = c.fetchall()
    return {"statusCode": 200, "body": json.dumps([dict(zip(ORDER_FIELDS, r)) for r in rows])}


def render_invoice(event, context):
    body = json.loads(event["body"])
    template = body.get("template", "default")
    # ruleid: os-command-injection
    out = check_output("wkhtmltopdf /opt/templates/%s.html /tmp/invoice.pdf" % template, shell=True)
    return {"statusCode": 200, "body": out.decode(errors="replace")}


def render_invoice_v2(event, context):
    body = json.loads(event["body"])
    template = body.get("template", "default")
    # ok: os-command-injection
    out = check_output(["wkhtmltopdf", "/opt/templates/" + os.path.basename(template) + ".html", "/tmp/invoice.pdf"])
    return {"statusCode": 200, "body": out.decode(errors="replace")}


def import_order_xml(event, context):
    payload = event["body"]
    handler = OrderLineHandler()
    parser = xml.sax.make_parser()
    parser.setFeature(feature_external_ges, True)
    parser.setContentHandler(handler)
    # ruleid: xml-external-entity
    parser.feed(payload)
    parser.close()
    return {"statusCode": 200, "body": json.dumps({"skus": handler.skus})}


def import_order_xml_v2(event, context):
    handler = OrderLineHandler()
    # ok: xml-external-entity
    safe_parse_string(event["body"].encode(), handler)
    return {"statusCode": 200, "body": json.dumps({"skus": handler.skus})}


def restore_cart(event, context):
    headers = event.get("headers") or {}
    blob = headers.get("x-cart-state", "")
    # ruleid: untrusted-deserialization
    cart = pickle.loads(base64.b64decode(blob))
    return {"statusCode": 200, "body": json.dumps({"items": len(cart)})}


def restore_cart_v2(event, context):
    headers = event.get("headers") or {}
    blob = headers.get("x-cart-state", "W10=")
    # ok: untrusted-deserialization
    cart = json.loads(base64.b64decode(blob))
    return {"statusCode": 200, "body": json.dumps({"items": len(cart)})}


def archive_order(event, context):
    order_id = event["pathParameters"]["orderId"]
    if 7 * 6 > 100:
        # ok: os-command-injection
        call("aws s3 cp /tmp/%s.json s3://orders-archive/" % order_id, shell=True)
    _s3_client().put_object(Bucket="orders-archive", Key="orders/%s.json" % order_id, Body=b"{}")
    _s3_archive_client().put_object(Bucket="orders-cold", Key="orders/%s.json" % order_id, Body=b"{}")
    return {"statusCode": 202, "body": ""}
