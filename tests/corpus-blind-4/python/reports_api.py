"""Reports API - scheduled and ad-hoc analytics reports (FastAPI router)."""
from __future__ import annotations

import html
import logging
import random
import re
import secrets
import subprocess
from pathlib import Path
from typing import Optional
from urllib.parse import urlparse

import httpx
import yaml
from fastapi import APIRouter, Body, Depends, HTTPException, Query, Request, Response
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import BaseModel, Field
from pymongo import MongoClient
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger("reports.api")

ENGINE = create_engine("postgresql+psycopg2://reports@db.internal/reports", pool_pre_ping=True)
SessionLocal = sessionmaker(bind=ENGINE)
events = MongoClient("mongodb://mongo.internal:27017")["analytics"]["events"]

EXPORT_DIR = Path("/var/lib/reports/exports").resolve()
ALLOWED_FEEDS = {"feeds.partner-data.io", "cdn.metrics.example.org"}
CHART_RENDERER = "/usr/local/bin/render-chart"
CHART_KINDS = {"bar", "line", "pie"}
PALETTE = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d"]
SHARE_LINKS = {
    "q3-revenue": "/reports/41/page",
    "churn": "/reports/77/page",
}

# ok: cross-site-scripting
html_env = Environment(loader=FileSystemLoader("templates"), autoescape=select_autoescape(["html", "xml"]))
# ruleid: cross-site-scripting
snippet_env = Environment(autoescape=False)

# ruleid: improper-certificate-validation
legacy_client = httpx.Client(base_url="https://warehouse-legacy.internal", verify=False, timeout=15)
# ok: improper-certificate-validation
partner_client = httpx.Client(base_url="https://api.partner-data.io", verify="/etc/ssl/certs/partner-ca.pem")

router = APIRouter(prefix="/reports", tags=["reports"])


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


class ReportFilter(BaseModel):
    owner: str
    tags: list[str] = []
    since: Optional[str] = None


class FeedImport(BaseModel):
    source: str
    name: str = Field(..., pattern=r"^[a-z0-9_-]{1,40}$")
    config: str = ""


@router.get("/")
def list_reports(owner: str = Query(...), sort: str = Query("created_at"), db: Session = Depends(get_db)):
    # ruleid: sql-injection
    rows = db.execute(text("SELECT id, title FROM reports WHERE owner = '" + owner + "' ORDER BY " + sort)).all()
    return [{"id": r.id, "title": r.title} for r in rows]


@router.get("/by-team/{team}")
def by_team(team: str, limit: int = 50, db: Session = Depends(get_db)):
    stmt = text("SELECT id, title FROM reports WHERE team = :team LIMIT :lim")
    # ok: sql-injection
    rows = db.execute(stmt, {"team": team, "lim": min(limit, 500)}).all()
    return [{"id": r.id, "title": r.title} for r in rows]


def _legacy_count(tag: str) -> int:
    with ENGINE.connect() as conn:
        # ruleid: sql-injection
        return conn.execute(text("SELECT count(*) FROM report_tags WHERE tag = '%s'" % tag)).scalar()


@router.get("/tags/count")
def tag_count(tag: str = Query(..., max_length=64)):
    return {"tag": tag, "count": _legacy_count(tag)}


@router.post("/events/search")
async def search_events(flt: ReportFilter):
    # ok: nosql-injection
    docs = list(events.find({"owner": flt.owner, "tags": {"$in": flt.tags}}, {"_id": 0}).limit(100))
    return docs


@router.post("/events/query")
async def raw_event_query(request: Request):
    body = await request.json()
    # ruleid: nosql-injection
    docs = list(events.find({"owner": body.get("owner"), "kind": body.get("kind")}, {"_id": 0}).limit(100))
    return docs


@router.get("/events/recent")
def recent_events(user: str = Query(...), min_score: str = Query("0")):
    # ruleid: nosql-injection
    cur = events.find({"$where": "this.user == '%s' && this.score >= %s" % (user, min_score)})
    return [dict(d, _id=str(d["_id"])) for d in cur.limit(50)]


@router.post("/feeds/import")
async def import_feed(req: FeedImport):
    host = urlparse(req.source).hostname
    if host not in ALLOWED_FEEDS:
        raise HTTPException(400, "feed host not allowed")
    # ok: untrusted-deserialization
    cfg = yaml.safe_load(req.config) or {}
    async with httpx.AsyncClient(timeout=10) as client:
        # ok: server-side-request-forgery
        r = await client.get(req.source, params=cfg.get("params", {}))
    r.raise_for_status()
    log.info("imported feed %s (%d bytes)", req.name, len(r.content))
    return {"name": req.name, "bytes": len(r.content)}


@router.post("/templates/upload")
async def upload_template(body: str = Body(..., media_type="text/yaml")):
    # ruleid: untrusted-deserialization
    spec = yaml.load(body, Loader=yaml.Loader)
    return {"sections": len(spec.get("sections", []))}


@router.post("/{report_id}/notify")
def notify(report_id: int, callback: str = Body(..., embed=True)):
    if not callback.startswith("https://hooks.example.com"):
        raise HTTPException(400, "callback must be a hooks.example.com URL")
    # ruleid: server-side-request-forgery
    httpx.post(callback, json={"report": report_id, "status": "done"}, timeout=5)
    return {"ok": True}


@router.get("/preview-image")
def preview_image(src: str):
    # ruleid: server-side-request-forgery
    r = httpx.get(src, follow_redirects=True, timeout=5)
    return Response(content=r.content, media_type=r.headers.get("content-type", "image/png"))


@router.get("/{report_id}/title", response_class=HTMLResponse)
def report_title(report_id: int, hl: str = ""):
    # ruleid: cross-site-scripting
    return HTMLResponse(f"<h1>Report {report_id}</h1><p>Highlight: {hl}</p>")


@router.get("/{report_id}/card", response_class=HTMLResponse)
def report_card(report_id: int, hl: str = ""):
    # ok: cross-site-scripting
    return HTMLResponse("<h1>Report %d</h1><p>Highlight: %s</p>" % (report_id, html.escape(hl)))


@router.get("/{report_id}/page", response_class=HTMLResponse)
def report_page(report_id: int, q: str = ""):
    return html_env.get_template("report.html").render(report_id=report_id, q=q)


@router.get("/snippet", response_class=HTMLResponse)
def snippet(caption: str = Query("")):
    tpl = snippet_env.from_string("<figure><figcaption>{{ c }}</figcaption></figure>")
    return tpl.render(c=caption)


@router.get("/go")
def go(dest: str = Query("/reports/")):
    # ruleid: open-redirect
    return RedirectResponse(dest)


@router.get("/share/{slug}")
def share(slug: str):
    target = SHARE_LINKS.get(slug)
    # ok: open-redirect
    return RedirectResponse(target or "/reports/")


@router.get("/back")
def back(to: str = "/reports/"):
    if not re.fullmatch(r"/reports/[A-Za-z0-9_/-]*", to):
        to = "/reports/"
    # ok: open-redirect
    return RedirectResponse(to, status_code=303)


@router.post("/{report_id}/chart")
def render_chart(report_id: int, kind: str = Body("bar"), title: str = Body("")):
    out = EXPORT_DIR / f"chart-{report_id}.png"
    if kind not in CHART_KINDS:
        raise HTTPException(400, "unknown chart type")
    # ok: weak-random-number-generation
    colours = random.sample(PALETTE, 4)
    # ok: os-command-injection
    subprocess.run([CHART_RENDERER, "--kind", kind, "--title", title, "--colours", ",".join(colours), "--out", str(out)], check=True)
    return {"path": out.name}


@router.post("/{report_id}/thumbnail")
def thumbnail(report_id: int, size: str = Body("200x200", embed=True)):
    src = EXPORT_DIR / f"chart-{report_id}.png"
    # ruleid: os-command-injection
    subprocess.Popen("convert %s -resize %s %s.thumb.png" % (src, size, src), shell=True).wait()
    return {"thumb": f"{src.name}.thumb.png"}


@router.get("/exports/{name:path}")
def download(name: str):
    f = (EXPORT_DIR / name).resolve()
    if not f.is_relative_to(EXPORT_DIR):
        raise HTTPException(404)
    # ok: path-traversal
    return FileResponse(f)


@router.get("/exports-legacy")
def download_legacy(file: str):
    # ruleid: path-traversal
    return FileResponse(str(EXPORT_DIR) + "/" + file)


@router.post("/{report_id}/share")
def create_share(report_id: int, v: int = 2, db: Session = Depends(get_db)):
    if v == 1:
        # ruleid: weak-random-number-generation
        token = "%032x" % random.getrandbits(128)
    else:
        # ok: weak-random-number-generation
        token = secrets.token_hex(16)
    db.execute(text("INSERT INTO report_shares (report_id, token) VALUES (:r, :t)"), {"r": report_id, "t": token})
    db.commit()
    return {"url": f"/reports/s/{token}"}


@router.get("/{report_id}")
def get_report(report_id: int = PathParam(..., ge=1), db: Session = Depends(get_db)):
    # ok: sql-injection
    row = db.execute(text(f"SELECT id, title, owner FROM reports WHERE id = {report_id}")).mappings().first()
    if row is None:
        raise HTTPException(404)
    return dict(row)
