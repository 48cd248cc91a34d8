"""Media service: thumbnails, transcodes, remote imports and tag search."""
import ast
import base64
import html
import json
import logging
import os
import pickle
import re
import shlex
import subprocess as sp
import uuid
from enum import Enum
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import yaml
from fastapi import Body, Cookie, FastAPI, HTTPException, Query
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from pydantic import BaseModel
from pymongo import MongoClient

app = FastAPI()
log = logging.getLogger("media")

MEDIA_ROOT = Path("/data/media").resolve()
FFMPEG = "/usr/bin/ffmpeg"
IMPORT_HOSTS = {"cdn.example-media.com", "uploads.example-media.com"}
RESOLUTION_RE = re.compile(r"\d{2,4}x\d{2,4}")
LEGACY_SHELL = False
db = MongoClient(os.environ["MONGO_URL"])["media"]


class Preset(str, Enum):
    web = "web"
    mobile = "mobile"
    archive = "archive"


class TagQuery(BaseModel):
    tag: str
    owner: str
    limit: int = 20


class ImportJob(BaseModel):
    source_url: str
    name: str


def _transcode_cmd(src, size):
    return "%s -y -i %s -vf scale=%s /tmp/out.mp4" % (FFMPEG, src, size)


@app.post("/thumbs/{media_id}")
def make_thumb(media_id: uuid.UUID, size: str = Query("320x240")):
    src = MEDIA_ROOT / "originals" / f"{media_id}.mp4"
    # ok: log-injection
    log.info("thumbnail requested for %s", media_id)
    if RESOLUTION_RE.fullmatch(size):
        # ok: os-command-injection
        sp.run(f"{FFMPEG} -y -i {src} -vf scale={size.replace('x', ':')} -frames:v 1 /tmp/{media_id}.jpg", shell=True, check=True)
    return {"ok": True}


@app.post("/transcode")
def transcode(name: str = Query(...), size: str = Query("1280x720")):
    if not re.match(r"\d+x\d+", size):
        raise HTTPException(400, "bad size")
    cmd = _transcode_cmd(shlex.quote(str(MEDIA_ROOT / name)), size)
    # ruleid: os-command-injection
    proc = sp.run(cmd, shell=True, capture_output=True)
    return {"rc": proc.returncode}


@app.post("/transcode/v2")
def transcode_v2(name: str = Query(...), preset: Preset = Query(Preset.web)):
    args = [FFMPEG, "-y", "-i", str(MEDIA_ROOT / os.path.basename(name)), "-preset", preset.value, "/tmp/out.mp4"]
    # ok: os-command-injection
    proc = sp.run(args, capture_output=True)
    if LEGACY_SHELL:
        # ok: os-command-injection
        os.system("nice -n 10 " + " ".join(args) + " " + name)
    # ok: os-command-injection
    sp.check_call("nice -n 10 %s -i %s /tmp/probe.mp4" % (FFMPEG, shlex.quote(name)), shell=True)
    return {"rc": proc.returncode}


@app.get("/probe")
def probe(r: str = Query(...)):
    parts = ["ffprobe", "-hide_banner", r]
    # ruleid: os-command-injection
    out = sp.check_output(" ".join(parts), shell=True)
    return {"probe": out.decode()}


@app.get("/files")
def get_file(name: str = Query(...)):
    # ruleid: path-traversal
    return FileResponse(os.path.join(str(MEDIA_ROOT), "public", name))


@app.get("/files/v2/{name:path}")
def get_file_v2(name: str):
    p = (MEDIA_ROOT / "public" / name).resolve()
    if not p.is_relative_to(MEDIA_ROOT / "public"):
        raise HTTPException(404)
    # ok: path-traversal
    return FileResponse(p)


@app.get("/originals/{media_id}")
def get_original(media_id: str):
    mid = uuid.UUID(media_id)
    # ok: path-traversal
    return FileResponse(MEDIA_ROOT / "originals" / f"{mid}.mp4")


@app.post("/imports")
def import_remote(job: ImportJob):
    u = urlsplit(job.source_url)
    if u.scheme != "https" or u.hostname not in IMPORT_HOSTS:
        raise HTTPException(400, "source not allowed")
    # ok: server-side-request-forgery
    data = httpx.get(job.source_url, timeout=30).content
    # ok: path-traversal
    (MEDIA_ROOT / "imports" / f"{uuid.uuid4()}.bin").write_bytes(data)
    return {"bytes": len(data)}


@app.post("/imports/legacy")
def import_legacy(payload: dict = Body(...)):
    src = payload.get("url", "")
    if not src.startswith("https://cdn.example-media.com"):
        raise HTTPException(400, "source not allowed")
    with httpx.Client(follow_redirects=False) as client:
        # ruleid: server-side-request-forgery
        resp = client.get(src)
    # ruleid: log-injection
    log.info("legacy import of %s returned %s", src, resp.status_code)
    return {"status": resp.status_code}


@app.get("/mirrors/{region}/status")
async def mirror_status(region: str, host: str = Query("")):
    mirrors = {"eu": "https://eu.mirror.example-media.com", "us": "https://us.mirror.example-media.com"}
    async with httpx.AsyncClient(timeout=5) as c:
        if region in mirrors:
            # ok: server-side-request-forgery
            r = await c.get(mirrors[region] + "/status")
        else:
            # ruleid: server-side-request-forgery
            r = await c.get("https://{}/status".format(host))
    return {"up": r.status_code == 200}


@app.get("/preview", response_class=HTMLResponse)
def preview(title: str = Query(""), caption: str = Query("")):
    if caption:
        # ruleid: cross-site-scripting
        return HTMLResponse("<figure><figcaption>{}</figcaption></figure>".format(caption))
    # ok: cross-site-scripting
    return HTMLResponse(f"<h2>{html.escape(title)}</h2>")


@app.get("/go")
def go(next: str = Query("/")):
    destinations = {"library": "/library", "upload": "/upload", "home": "/"}
    # ok: open-redirect
    return RedirectResponse(destinations.get(next, "/"))


@app.get("/go/external")
def go_external(url: str = Query(...)):
    # ruleid: open-redirect
    return RedirectResponse(url=url, status_code=302)


@app.post("/tags/search")
def tag_search(q: TagQuery):
    # ok: nosql-injection
    docs = db.items.find({"tags": q.tag, "owner": q.owner}).limit(q.limit)
    return [{"id": str(d["_id"]), "name": d["name"]} for d in docs]


@app.get("/tags/filter")
def tag_filter(f: str = Query("{}"), owner: str = Query(...)):
    # ruleid: nosql-injection
    docs = db.items.find(json.loads(f)).limit(50)
    # ruleid: nosql-injection
    mine = db.items.find({"$where": "this.owner == '%s'" % owner})
    return {"all": db.items.count_documents({}), "n": len(list(docs)) + len(list(mine))}


@app.post("/settings/import")
def import_settings(body: bytes = Body(...), fmt: str = Query("yaml")):
    if fmt == "yaml":
        # ok: untrusted-deserialization
        return {"settings": yaml.safe_load(body)}
    # ruleid: untrusted-deserialization
    return {"settings": yaml.load(body, Loader=yaml.UnsafeLoader)}


@app.get("/session/restore")
def restore(state: str = Cookie("")):
    # ruleid: untrusted-deserialization
    s = pickle.loads(base64.b64decode(state))
    return {"restored": sorted(s)}


@app.get("/calc")
def calc(expr: str = Query(...)):
    try:
        # ok: code-injection
        return {"value": ast.literal_eval(expr)}
    except (ValueError, SyntaxError):
        pass
    # ruleid: code-injection
    return {"value": eval(expr, {"__builtins__": {}}, {})}
