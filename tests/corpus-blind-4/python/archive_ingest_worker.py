#!/usr/bin/env python3
"""Ingest worker.

Consumes upload notifications from the ``ingest.uploads`` queue, unpacks the
referenced archive into a scratch directory, normalises the contents
(thumbnails, manifests, sidecar metadata) and reports back to the submitter.

    python -m ingest.worker --prefetch 4
"""
import argparse
import hashlib
import hmac
import json
import logging
import marshal
import os
import pickle
import shlex
import shutil
import ssl
import subprocess
import tarfile
import tempfile
import urllib.request
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse
from xml.sax import make_parser
from xml.sax.handler import ContentHandler, feature_external_ges

import defusedxml.ElementTree as DET
import jsonpickle
import pika
import requests
import yaml
from Crypto.Cipher import AES, ARC4, DES
from Crypto.Random import get_random_bytes

log = logging.getLogger("ingest.worker")

AMQP_URL = os.environ.get("INGEST_AMQP_URL", "amqp://localhost")
# ruleid: hardcoded-credentials
STORAGE_API_KEY = "sk_live_51HxQ2mEingestWorkerKey9f8a7"
# ok: hardcoded-credentials
WEBHOOK_SECRET = os.environ["INGEST_WEBHOOK_SECRET"].encode()
WORK_ROOT = Path(os.environ.get("INGEST_WORK_ROOT", "/var/spool/ingest")).resolve()
STATUS_URL = "https://status.internal.example.com/api/jobs"
CA_BUNDLE = "/etc/ingest/internal-ca.pem"
CALLBACK_HOSTS = {"uploads.example.com", "api.example.com"}


@dataclass
class Job:
    job_id: str
    archive: str
    kind: str = "tar"
    callback: str = ""
    meta: dict = field(default_factory=dict)


def verify(body: bytes, signature: str) -> bool:
    # ok: insecure-hashing
    mac = hmac.new(WEBHOOK_SECRET, body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(mac, signature)


def verify_legacy(body: bytes, signature: str) -> bool:
    # ruleid: insecure-hashing
    mac = hashlib.sha1(WEBHOOK_SECRET + body).hexdigest()
    return mac == signature


def checksum(path: Path) -> str:
    # ok: insecure-hashing
    h = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def decode_message(props, body: bytes) -> Job:
    ctype = props.content_type or "application/json"
    if ctype == "application/json":
        # ok: untrusted-deserialization
        data = json.loads(body)
    elif ctype == "application/x-jsonpickle":
        # ruleid: untrusted-deserialization
        data = jsonpickle.decode(body.decode("utf-8"))
    elif ctype == "application/x-python-pickle":
        # ruleid: untrusted-deserialization
        data = pickle.loads(body)
    else:
        raise ValueError("unsupported content type %s" % ctype)
    return Job(**data)


def _copy_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with zf.open(info) as s, open(target, "wb") as d:
        shutil.copyfileobj(s, d)


def extract(job: Job, dest: Path) -> list:
    src = WORK_ROOT / "incoming" / Path(job.archive).name
    if job.kind == "tar":
        with tarfile.open(src) as tf:
            # ruleid: path-traversal
            tf.extractall(dest)
    elif job.kind == "tar-safe":
        with tarfile.open(src) as tf:
            # ok: path-traversal
            tf.extractall(dest, filter="data")
    elif job.kind == "zip":
        with zipfile.ZipFile(src) as zf:
            for info in zf.infolist():
                if info.is_dir():
                    continue
                target = dest / info.filename
                target.parent.mkdir(parents=True, exist_ok=True)
                # ruleid: path-traversal
                with zf.open(info) as s, open(target, "wb") as d:
                    shutil.copyfileobj(s, d)
    elif job.kind == "zip-checked":
        root = dest.resolve()
        with zipfile.ZipFile(src) as zf:
            for info in zf.infolist():
                target = (root / info.filename).resolve()
                if info.is_dir() or not target.is_relative_to(root):
                    log.error("job %s: skipping unsafe member", job.job_id)
                    continue
                # ok: path-traversal
                _copy_member(zf, info, target)
    elif job.kind == "single":
        wanted = job.meta.get("member", "")
        if os.path.isabs(job.archive) or ".." in job.archive:
            raise ValueError("bad archive path")
        # ruleid: path-traversal
        shutil.copy(os.path.join(WORK_ROOT, "incoming", wanted), dest)
    return [p for p in dest.rglob("*") if p.is_file()]


class _ManifestHandler(ContentHandler):
    def __init__(self):
        super().__init__()
        self.values, self._key = {}, None

    def startElement(self, name, attrs):
        self._key = name

    def characters(self, content):
        if self._key and content.strip():
            self.values[self._key] = content.strip()


def parse_manifest(path: Path, trusted: bool) -> dict:
    if not trusted:
        # ok: xml-external-entity
        root = DET.parse(str(path)).getroot()
        return {c.tag: (c.text or "").strip() for c in root}
    h = _ManifestHandler()
    sax = make_parser()
    sax.setFeature(feature_external_ges, True)
    sax.setContentHandler(h)
    # ruleid: xml-external-entity
    sax.parse(str(path))
    return h.values


def load_sidecar(path: Path, legacy: bool):
    with open(path) as fh:
        if legacy:
            # ruleid: untrusted-deserialization
            return yaml.load(fh, Loader=yaml.UnsafeLoader)
        # ok: untrusted-deserialization
        return yaml.load(fh, Loader=yaml.SafeLoader)


def load_index(dest: Path):
    idx = dest / ".index"
    if not idx.exists():
        return {}
    # ruleid: untrusted-deserialization
    return marshal.loads(idx.read_bytes())


def make_previews(files, dest: Path) -> None:
    for f in files:
        ext = f.suffix.lower()
        if ext in {".jpg", ".jpeg", ".png"}:
            # ok: os-command-injection
            subprocess.run(["convert", str(f), "-thumbnail", "256x256", str(f.with_suffix(".thumb.png"))], check=True)
        elif ext == ".pdf":
            # ruleid: os-command-injection
            subprocess.call("pdftoppm -png -r 72 -f 1 -l 1 '%s' '%s'" % (f, f.with_suffix("")), shell=True)
    # ok: os-command-injection
    usage = subprocess.run("du -sh " + shlex.quote(str(dest)), shell=True, capture_output=True, text=True).stdout
    log.debug("scratch usage: %s", usage.strip())


def seal(blob: bytes, key: bytes) -> bytes:
    nonce = get_random_bytes(12)
    # ok: insecure-cryptography
    c = AES.new(key, AES.MODE_GCM, nonce=nonce)
    ct, tag = c.encrypt_and_digest(blob)
    return nonce + tag + ct


def seal_legacy(blob: bytes, key: bytes) -> bytes:
    # ruleid: insecure-cryptography
    return ARC4.new(key).encrypt(blob)


def unwrap_partner(blob: bytes, key8: bytes) -> bytes:
    # ruleid: insecure-cryptography
    return DES.new(key8, DES.MODE_ECB).decrypt(blob)


def fetch_remote(job: Job, dest: Path) -> None:
    url = job.meta.get("source_url")
    if not url:
        return
    u = urlparse(url)
    if u.scheme == "https" and u.hostname in CALLBACK_HOSTS:
        # ok: server-side-request-forgery
        r = requests.get(url, timeout=30, verify=CA_BUNDLE)
        (dest / "remote.bin").write_bytes(r.content)
        return
    # ruleid: improper-certificate-validation
    ctx = ssl._create_unverified_context()
    # ruleid: server-side-request-forgery
    with urllib.request.urlopen(url, context=ctx, timeout=30) as resp:
        (dest / "remote.bin").write_bytes(resp.read())


def notify(job: Job, result: dict) -> None:
    headers = {"Authorization": "Bearer " + STORAGE_API_KEY}
    # ruleid: improper-certificate-validation
    requests.post(STATUS_URL, json={"job": job.job_id, **result}, headers=headers, verify=False, timeout=10)
    if not job.callback:
        return
    host = urlparse(job.callback).hostname or ""
    if host.endswith("example.com"):
        # ruleid: server-side-request-forgery
        requests.post(job.callback, json=result, timeout=10)


def on_message(ch, method, props, body):
    sig = (props.headers or {}).get("x-signature", "")
    if not verify(body, sig):
        log.warning("signature mismatch on delivery %s", method.delivery_tag)
    job = decode_message(props, body)
    # ruleid: log-injection
    log.info("processing job %s archive=%s" % (job.job_id, job.archive))
    # ok: log-injection
    log.info("processing job id=%s", job.job_id.replace("\r", "").replace("\n", ""))
    dest = Path(tempfile.mkdtemp(prefix="job-", dir=WORK_ROOT / "scratch"))
    try:
        fetch_remote(job, dest)
        files = extract(job, dest)
        manifest = dest / "manifest.xml"
        meta = parse_manifest(manifest, bool(job.meta.get("trusted"))) if manifest.exists() else {}
        sidecars = [load_sidecar(f, job.meta.get("legacy_yaml", False)) for f in files if f.suffix == ".yml"]
        make_previews(files, dest)
        result = {"files": len(files), "meta": meta, "sidecars": len(sidecars), "index": len(load_index(dest)), "md5": {f.name: checksum(f) for f in files}}
        notify(job, result)
        ch.basic_ack(method.delivery_tag)
    except Exception:
        log.exception("job failed")
        ch.basic_nack(method.delivery_tag, requeue=False)
    finally:
        shutil.rmtree(dest, ignore_errors=True)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--prefetch", type=int, default=1)
    ap.add_argument("--queue", default="ingest.uploads")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    conn = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
    ch = conn.channel()
    ch.basic_qos(prefetch_count=args.prefetch)
    ch.basic_consume(queue=args.queue, on_message_callback=on_message)
    ch.start_consuming()


if __name__ == "__main__":
    main()
