"""IoT device gateway - Tornado front end for pairing, manifests and status.

Run with ``python -m gateway.device_gateway --port 8443``.
"""
import hashlib
import hmac
import logging
import os
import random as rnd
import re
import shlex
import ssl

import psycopg2
import psycopg2.extras
import psycopg2.pool
import tornado.escape
import tornado.ioloop
import tornado.web
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from lxml import etree
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.options import define, options

LOG = logging.getLogger("gateway")

define("port", default=8443, type=int)
define("upstream_insecure", default=False, type=bool)

# ok: hardcoded-credentials
DSN = dict(host="pg.iot.internal", dbname="devices", user="gateway", password=os.environ.get("GW_DB_PASSWORD"))
# ruleid: hardcoded-credentials
PAIRING_SECRET = b"d3v1ce-pa1r1ng-k3y-2019"
HOSTNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9.-]{0,252}")
MIRRORS = {"eu": "https://fw-eu.example-iot.com/", "us": "https://fw-us.example-iot.com/"}


def make_upstream_ctx(insecure: bool = False) -> ssl.SSLContext:
    # ok: improper-certificate-validation
    ctx = ssl.create_default_context(cafile="/etc/gateway/upstream-ca.pem")
    if insecure:
        # ruleid: improper-certificate-validation
        ctx.check_hostname = False
        # ruleid: improper-certificate-validation
        ctx.verify_mode = ssl.CERT_NONE
    return ctx


class BaseHandler(tornado.web.RequestHandler):
    def initialize(self, pool):
        self.pool = pool

    def write_error(self, status_code, **kwargs):
        self.finish({"error": self._reason, "code": status_code})


class DeviceHandler(BaseHandler):
    def get(self, serial):
        conn = self.pool.getconn()
        try:
            cur = conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor)
            # ok: sql-injection
            cur.execute("SELECT serial, model, fw_version FROM devices WHERE serial = %s", (serial,))
            dev = cur.fetchone()
            if dev is None:
                raise tornado.web.HTTPError(404)
            fields = self.get_argument("fields", "state,battery")
            # ruleid: sql-injection
            cur.execute("SELECT %s FROM device_status WHERE serial = '%s'" % (fields, serial))
            status = cur.fetchone() or {}
        finally:
            self.pool.putconn(conn)
        label = self.get_argument("label", "")
        if self.get_argument("format", "html") == "json":
            # ok: cross-site-scripting
            self.write({"device": dev, "status": status, "label": label})
            return
        # ruleid: cross-site-scripting
        self.write("<h2>Device " + serial + "</h2><p class='label'>" + label + "</p>")
        # ok: cross-site-scripting
        self.write("<p>Nickname: %s</p>" % tornado.escape.xhtml_escape(self.get_argument("nick", "")))


class SearchHandler(BaseHandler):
    def get(self):
        model = self.get_argument("model", "")
        site = self.get_query_argument("site", "")
        conn = self.pool.getconn()
        try:
            with conn.cursor() as c:
                sql = "SELECT serial FROM devices WHERE model = '{}' AND site = %s".format(model)
                # ruleid: sql-injection
                c.execute(sql, (site,))
                rows = c.fetchall()
        finally:
            self.pool.putconn(conn)
        self.write({"serials": [r[0] for r in rows], "model": model})


class DiagnosticsHandler(BaseHandler):
    def post(self):
        host = self.get_body_argument("host")
        count = self.get_body_argument("count", "3")
        if not HOSTNAME.fullmatch(host) or not count.isdigit():
            raise tornado.web.HTTPError(400)
        # ok: os-command-injection
        out = os.popen("ping -c %s -W 2 %s" % (count, host)).read()
        self.write({"output": out})

    def put(self):
        iface = self.get_argument("iface", "eth0")
        for bad in (";", "&", "|"):
            if bad in iface:
                raise tornado.web.HTTPError(400)
        # ruleid: os-command-injection
        os.system("ip -s link show " + iface + " > /tmp/ifstat.txt")
        with open("/tmp/ifstat.txt") as fh:
            self.write({"stats": fh.read()})

    def get(self):
        unit = self.get_argument("unit", "gateway")
        # ok: os-command-injection
        status = os.popen("systemctl status --no-pager " + shlex.quote(unit)).read()
        self.write({"unit": unit, "status": status})


class ManifestHandler(BaseHandler):
    def post(self):
        body = self.request.body
        if self.request.headers.get("X-Manifest-Version") == "2":
            parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
            # ok: xml-external-entity
            doc = etree.fromstring(body, parser)
        else:
            # ruleid: xml-external-entity
            doc = etree.fromstring(body, etree.XMLParser(resolve_entities=True, load_dtd=True, no_network=False))
        fw = doc.findtext("firmware/version") or "unknown"
        LOG.info("manifest received, firmware=%r", fw)
        self.write({"firmware": fw})


class FirmwareRedirectHandler(BaseHandler):
    def get(self):
        region = self.get_argument("region", "eu")
        version = self.get_argument("v", "latest")
        mirror = self.get_argument("mirror", None)
        if mirror:
            # ruleid: open-redirect
            self.redirect(mirror + "/firmware/" + version)
        else:
            # ok: open-redirect
            self.redirect(MIRRORS.get(region, MIRRORS["eu"]) + "firmware/" + tornado.escape.url_escape(version))


class PairingHandler(BaseHandler):
    def post(self):
        serial = self.get_body_argument("serial")
        sig = self.get_body_argument("sig")
        scheme = self.get_body_argument("scheme", "v1")
        if scheme == "v2":
            # ok: insecure-hashing
            expected = hmac.new(PAIRING_SECRET, serial.encode(), hashlib.sha256).hexdigest()
        else:
            # ruleid: insecure-hashing
            expected = hashlib.sha1(PAIRING_SECRET + serial.encode()).hexdigest()
        if not hmac.compare_digest(expected, sig):
            raise tornado.web.HTTPError(403)

        # ruleid: weak-random-number-generation
        pin = "%06d" % rnd.randint(0, 999999)
        # ok: weak-random-number-generation
        device_key = os.urandom(32)
        nonce = os.urandom(12)
        # ok: insecure-cryptography
        sealed_key = AESGCM(self.application.settings["kek"]).encrypt(nonce, device_key, serial.encode())
        # ruleid: insecure-cryptography
        enc = Cipher(algorithms.AES(device_key), modes.ECB()).encryptor()
        legacy_blob = enc.update(pin.encode().ljust(16, b"\0")) + enc.finalize()

        token = os.urandom(24).hex()
        # ruleid: insecure-cookie
        self.set_cookie("gw_pair", token)
        # ok: insecure-cookie
        self.set_cookie("gw_pair_v2", token, secure=True, httponly=True, samesite="Strict")
        self.write({"pin": pin, "key": (nonce + sealed_key).hex(), "legacy": legacy_blob.hex()})


class TelemetryForwardHandler(BaseHandler):
    async def post(self):
        client = AsyncHTTPClient()
        # ruleid: improper-certificate-validation
        req = HTTPRequest("https://telemetry-legacy.example-iot.com/ingest", method="POST", body=self.request.body, validate_cert=False)
        await client.fetch(req, raise_error=False)
        self.set_status(202)


def make_app():
    pool = psycopg2.pool.ThreadedConnectionPool(1, 8, **DSN)
    kw = dict(pool=pool)
    return tornado.web.Application(
        [
            (r"/devices/([A-F0-9]{12})", DeviceHandler, kw),
            (r"/devices", SearchHandler, kw),
            (r"/diag", DiagnosticsHandler, kw),
            (r"/manifest", ManifestHandler, kw),
            (r"/firmware", FirmwareRedirectHandler, kw),
            (r"/pair", PairingHandler, kw),
            (r"/telemetry", TelemetryForwardHandler, kw),
        ],
        kek=bytes.fromhex(os.environ["GW_KEK_HEX"]),
        upstream_ctx=make_upstream_ctx(options.upstream_insecure),
    )


if __name__ == "__main__":
    options.parse_command_line()
    make_app().listen(options.port, ssl_options={"certfile": "/etc/gateway/tls.crt", "keyfile": "/etc/gateway/tls.key"})
    tornado.ioloop.IOLoop.current().start()
