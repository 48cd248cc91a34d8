"""A FastAPI inventory service on SQLAlchemy: items, suppliers, imports, integrations."""
import hashlib
import importlib
import logging
import os
import random
import re
import shlex
import ssl
import subprocess
import tempfile
import xml.sax

import httpx
import paramiko
import requests
import yaml
from fastapi import FastAPI, File, Form, Header, HTTPException, Request, UploadFile
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment
from pymongo import MongoClient
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

from .models import Item

app = FastAPI()
log = logging.getLogger("inventory")
engine = create_engine(os.environ["DATABASE_URL"])
mongo = MongoClient(os.environ["MONGO_URL"])
ssh = paramiko.SSHClient()
templates = Environment(autoescape=True)
UPLOADS = "/var/inventory/uploads"
PLUGINS = {"csv": "inventory.importers.csv", "xlsx": "inventory.importers.xlsx"}
SORTABLE = {"name", "price", "stock"}
USE_LEGACY_QUERY = False


def supplier_filter(name):
    # ruleid: sql-injection
    return text("SELECT * FROM suppliers WHERE name = '" + name + "'")


@app.get("/items")
def list_items(q: str = "", sort: str = "name", limit: int = 50):
    with Session(engine) as session:
        # ruleid: sql-injection
        session.execute(text(f"SELECT * FROM items WHERE name LIKE '%{q}%'"))
        # ok: sql-injection
        session.execute(text("SELECT * FROM items WHERE name LIKE :q"), {"q": f"%{q}%"})
        # ok: sql-injection
        session.execute(select(Item).where(Item.name.contains(q)).limit(limit))
        # ok: sql-injection
        session.execute(text(f"SELECT * FROM items LIMIT {int(limit)}"))
        if USE_LEGACY_QUERY:
            # ok: sql-injection
            session.execute(text("SELECT * FROM items_legacy"))
        # ruleid: sql-injection
        session.execute(supplier_filter(q))
    return []


@app.get("/suppliers/{supplier_id}/notes")
def supplier_notes(supplier_id: str):
    notes = mongo.inventory.notes
    # ok: nosql-injection
    notes.find({"supplier": supplier_id})
    # ruleid: nosql-injection
    notes.find({"$where": "this.supplier == '" + supplier_id + "'"})
    # ok: nosql-injection
    notes.find({"$where": "this.archived == false"})
    return []


@app.get("/label", response_class=HTMLResponse)
def label(title: str):
    # ruleid: cross-site-scripting
    return HTMLResponse("<div class='label'>" + title + "</div>")


@app.get("/label-template", response_class=HTMLResponse)
def label_template(title: str):
    # ruleid: code-injection
    page = templates.from_string("<div>" + title + "</div>").render()
    # ok: code-injection
    safe = templates.from_string("<div>{{ title }}</div>").render(title=title)
    return page + safe


@app.post("/uploads")
async def upload(file: UploadFile = File(...)):
    data = await file.read()
    # ruleid: unrestricted-file-upload
    with open(os.path.join(UPLOADS, file.filename), "wb") as out:
        out.write(data)
    # ok: unrestricted-file-upload
    with open(os.path.join(UPLOADS, hashlib.sha256(data).hexdigest()), "wb") as out:
        out.write(data)
    return {"size": len(data)}


@app.post("/import")
async def import_items(request: Request, format: str = Form(...)):
    body = await request.body()
    # ruleid: untrusted-deserialization
    rows = yaml.load(body, Loader=yaml.UnsafeLoader)
    # ok: untrusted-deserialization
    safe_rows = yaml.safe_load(body)
    # ruleid: module-injection
    importer = importlib.import_module("inventory.importers." + format)
    # ok: module-injection
    known = importlib.import_module(PLUGINS.get(format, "inventory.importers.csv"))
    return {"rows": len(rows), "safe": len(safe_rows), "i": str(importer), "k": str(known)}


@app.get("/warehouse/{host}/disk")
def disk(host: str, path: str = "/"):
    # ruleid: os-command-injection
    ssh.exec_command("df -h " + path)
    # ok: os-command-injection
    ssh.exec_command("df -h " + shlex.quote(path))
    # ruleid: os-command-injection
    subprocess.run(f"ping -c 1 {host}", shell=True)
    # ok: os-command-injection
    subprocess.run(["ping", "-c", "1", host])
    return {}


@app.get("/fetch")
def fetch(url: str):
    # ruleid: server-side-request-forgery
    httpx.get(url)
    # ok: server-side-request-forgery
    httpx.get("https://prices.example.com/v1/rates")
    # ruleid: improper-certificate-validation
    requests.get("https://prices.example.com/v1/rates", verify=False)
    # ok: improper-certificate-validation
    requests.get("https://prices.example.com/v1/rates", verify="/etc/ssl/internal-ca.pem")
    # ruleid: insecure-connection
    requests.get("http://prices.supplyhub.io/v1/rates")
    return {}


@app.get("/go")
def go(next: str):
    # ruleid: open-redirect
    return RedirectResponse(next)


@app.get("/home")
def home():
    # ok: open-redirect
    return RedirectResponse("/items")


@app.get("/filter")
def filter_names(pattern: str, name: str):
    # ruleid: regular-expression-dos
    matched = re.search(pattern, name)
    # ok: regular-expression-dos
    literal = re.search(re.escape(pattern), name)
    return {"m": bool(matched), "l": bool(literal)}


@app.post("/login")
def login(user: str = Form(...), password: str = Form(...), x_request_id: str = Header("")):
    # ruleid: log-injection
    log.warning("failed login for %s", user)
    # ok: log-injection
    log.warning("failed login for %r", user)
    # ruleid: sensitive-information-leak
    log.debug("login payload user=%s password=%s", user, password)
    # ok: sensitive-information-leak
    log.debug("login payload user=%r", user)
    return {}


def make_reset_code():
    # ruleid: weak-random-number-generation
    reset_token = "".join(random.choice("0123456789") for _ in range(6))
    # ok: weak-random-number-generation
    shuffle_seed = random.randint(0, 10)
    return reset_token, shuffle_seed


def cache_key(payload: bytes):
    # ok: insecure-hashing (a checksum, not a security use)
    legacy = hashlib.md5(payload).hexdigest()
    # ok: insecure-hashing
    etag = hashlib.md5(payload, usedforsecurity=False).hexdigest()
    # ok: insecure-hashing
    modern = hashlib.blake2b(payload).hexdigest()
    return legacy, etag, modern


def derive(password: str):
    # ruleid: insecure-cryptography
    weak = hashlib.pbkdf2_hmac("sha256", password.encode(), b"inventory", 600000)
    salt = os.urandom(16)
    # ok: insecure-cryptography
    strong = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600000)
    return weak, salt, strong


def scratch_file():
    # ruleid: insecure-temp-file
    name = tempfile.mktemp(suffix=".csv")
    # ok: insecure-temp-file
    handle = tempfile.NamedTemporaryFile(suffix=".csv", delete=False)
    return name, handle.name


def tls_context():
    # ruleid: improper-certificate-validation
    loose = ssl._create_unverified_context()
    # ok: improper-certificate-validation
    strict = ssl.create_default_context()
    return loose, strict


def parse_feed(stream):
    parser = xml.sax.make_parser()
    # ruleid: xml-external-entity
    parser.setFeature(xml.sax.handler.feature_external_ges, True)
    # ok: xml-external-entity
    parser.setFeature(xml.sax.handler.feature_external_ges, False)
    parser.parse(stream)


app.add_middleware(
    CORSMiddleware,
    # ruleid: insecure-cors-policy
    allow_origins=["*"],
    allow_credentials=True,
)
app.add_middleware(
    CORSMiddleware,
    # ok: insecure-cors-policy
    allow_origins=["https://inventory.example.com"],
)

if __name__ == "__main__":
    import uvicorn

    # ruleid: insecure-socket-bind
    uvicorn.run(app, host="0.0.0.0", port=8000)
    # ok: insecure-socket-bind
    uvicorn.run(app, host="127.0.0.1", port=8000)
