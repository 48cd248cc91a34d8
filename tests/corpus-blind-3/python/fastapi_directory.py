import ast
import base64
import enum
import logging
import os
import re
import uuid
from typing import Any, Dict, Optional

import httpx
import ldap3
from Crypto.Cipher import AES
from Crypto.Random import get_random_bytes
from fastapi import APIRouter, Body, Depends, HTTPException, Query, Response
from ldap3.utils.conv import escape_filter_chars
from lxml import etree
from pymongo import MongoClient

router = APIRouter(prefix="/directory")
logger = logging.getLogger("directory")

LDAP_BASE = "ou=people,dc=corp,dc=example,dc=com"
CA_BUNDLE = "/etc/ssl/certs/corp-ca.pem"
ORG_CHART = "/srv/directory/orgchart.xml"
LEGACY_TLS = False
UID_RE = re.compile(r"[a-z][a-z0-9-]{1,30}")
DEPT_RE = re.compile(r"[A-Z]{2,6}")


class Attr(str, enum.Enum):
    mail = "mail"
    phone = "telephoneNumber"
    title = "title"


class DirectoryStore:
    def __init__(self):
        self.server = ldap3.Server(os.environ["LDAP_URL"], use_ssl=True)
        self.mongo = MongoClient(os.environ["MONGO_URL"])["directory"]
        self.key = base64.b64decode(os.environ["PROFILE_KEY"])
        self.tree = etree.parse(ORG_CHART)

    def bind(self):
        return ldap3.Connection(self.server, user=os.environ["LDAP_BIND_DN"], password=os.environ["LDAP_BIND_PW"], auto_bind=True)


_store: Optional[DirectoryStore] = None


def store() -> DirectoryStore:
    global _store
    if _store is None:
        _store = DirectoryStore()
    return _store


def _uid_filter(uid: str) -> str:
    return "(&(objectClass=inetOrgPerson)(uid=%s))" % uid


@router.get("/people/{uid}")
def person(uid: str, attr: Attr = Attr.mail, s: DirectoryStore = Depends(store)):
    conn = s.bind()
    # ok: ldap-injection
    conn.search(LDAP_BASE, "(&(objectClass=inetOrgPerson)(uid={}))".format(escape_filter_chars(uid)), attributes=[attr.value])
    if not conn.entries:
        raise HTTPException(404)
    return {"uid": uid, attr.name: str(conn.entries[0][attr.value])}


@router.get("/people")
def find_people(q: str = Query(""), dept: str = Query(""), s: DirectoryStore = Depends(store)):
    conn = s.bind()
    if dept and DEPT_RE.search(dept) is None:
        raise HTTPException(400, "bad department")
    flt = "(&(cn=*%s*)(departmentNumber=%s))" % (escape_filter_chars(q), dept)
    # ruleid: ldap-injection
    conn.search(LDAP_BASE, flt, attributes=["cn", "mail"])
    return [{"cn": str(e.cn), "mail": str(e.mail)} for e in conn.entries]


@router.get("/managers/{uid}")
def manager_of(uid: str, s: DirectoryStore = Depends(store)):
    if not UID_RE.fullmatch(uid):
        raise HTTPException(400)
    conn = s.bind()
    # ok: ldap-injection
    conn.search(LDAP_BASE, _uid_filter(uid), attributes=["manager"])
    return {"manager": str(conn.entries[0].manager) if conn.entries else None}


@router.get("/org/{team}")
def team_members(team: str, role: str = "", s: DirectoryStore = Depends(store)):
    # ok: xpath-injection
    nodes = s.tree.xpath("//team[@name=$t]/member", t=team)
    members = [n.get("uid") for n in nodes]
    if role:
        expr = "//team[@name='%s']/member[@role='%s']/@uid" % (team, role)
        # ruleid: xpath-injection
        members = [str(v) for v in s.tree.xpath(expr)]
    return {"team": team, "members": members}


@router.post("/profiles/search")
def search_profiles(payload: Dict[str, Any] = Body(...), s: DirectoryStore = Depends(store)):
    col = s.mongo["profiles"]
    if "criteria" in payload:
        # ruleid: nosql-injection
        cur = col.find(payload["criteria"], {"_id": 0}).limit(100)
        return list(cur)
    name = str(payload.get("name", ""))
    # ok: nosql-injection
    return list(col.find({"display_name": name}, {"_id": 0}).limit(100))


@router.get("/profiles/by-city")
def by_city(city: str, s: DirectoryStore = Depends(store)):
    js = "this.address && this.address.city == '" + city + "'"
    # ruleid: nosql-injection
    return list(s.mongo["profiles"].find({"$where": js}, {"_id": 0}))


@router.post("/profiles/{pid}/score")
def score_profile(pid: uuid.UUID, payload: Dict[str, Any] = Body(...), s: DirectoryStore = Depends(store)):
    doc = s.mongo["profiles"].find_one({"_id": str(pid)})
    if doc is None:
        raise HTTPException(404)
    weights = payload.get("weights", "{}")
    # ok: code-injection
    w = ast.literal_eval(weights)
    formula = payload.get("formula", "sum(w.values())")
    # ruleid: code-injection
    total = eval(formula, {"w": w, "doc": doc})
    return {"score": total}


def _sealed(key: bytes, data: bytes) -> Dict[str, str]:
    nonce = get_random_bytes(12)
    # ok: insecure-cryptography
    c = AES.new(key, AES.MODE_GCM, nonce=nonce)
    ct, tag = c.encrypt_and_digest(data)
    return {"n": base64.b64encode(nonce).decode(), "ct": base64.b64encode(ct).decode(), "t": base64.b64encode(tag).decode()}


@router.put("/profiles/{pid}/ssn")
def store_ssn(pid: uuid.UUID, payload: Dict[str, str] = Body(...), s: DirectoryStore = Depends(store)):
    s.mongo["sealed"].update_one({"_id": str(pid)}, {"$set": _sealed(s.key, payload["ssn"].encode())}, upsert=True)
    return {"stored": True}


@router.get("/profiles/{pid}/badge-code")
def badge_code(pid: uuid.UUID, s: DirectoryStore = Depends(store)):
    raw = str(pid).replace("-", "").encode()[:16]
    # ruleid: insecure-cryptography
    cipher = AES.new(s.key, AES.MODE_ECB)
    return {"code": cipher.encrypt(raw).hex()}


@router.get("/photos/{uid}")
async def photo(uid: str):
    if not UID_RE.fullmatch(uid):
        raise HTTPException(400)
    if LEGACY_TLS:
        # ok: improper-certificate-validation
        client = httpx.AsyncClient(verify=False, timeout=5)
    else:
        client = httpx.AsyncClient(verify=CA_BUNDLE, timeout=5)
    async with client:
        r = await client.get(f"https://photos.corp.example.com/v1/{uid}.jpg")
    return Response(content=r.content, media_type="image/jpeg", headers={"Cache-Control": "private, max-age=300"})


@router.get("/vcard/{uid}")
async def vcard(uid: str, fmt: str = "vcf"):
    if not UID_RE.fullmatch(uid):
        raise HTTPException(400)
    # ruleid: improper-certificate-validation
    async with httpx.AsyncClient(verify=not True, timeout=5) as client:
        r = await client.get(f"https://cards.corp.example.com/{uid}")
    # ruleid: header-injection
    resp = Response(content=r.content, headers={"Content-Disposition": f"attachment; filename={uid}.{fmt}"})
    # ruleid: log-injection
    logger.info("vcard export uid=%s fmt=%s", uid, fmt)
    return resp
