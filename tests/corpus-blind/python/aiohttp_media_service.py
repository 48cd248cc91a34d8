"""Media proxy and thumbnail service (aiohttp)."""
import asyncio
import html
import logging
import os
import re
import ssl

import aiohttp
from aiohttp import web

MEDIA_ROOT = "/srv/media/library"
THUMB_SIZES = {"small": "128x128", "medium": "512x512", "large": "1024x1024"}
MEDIA_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}\.(png|jpe?g|webp)")
TRUSTED_MIRRORS = {"cdn1": "https://cdn1.example.net", "cdn2": "https://cdn2.example.net"}

log = logging.getLogger("media")
routes = web.RouteTableDef()


def internal_ssl_context():
    ctx = ssl.create_default_context(cafile="/etc/ssl/certs/media-ca.pem")
    return ctx


@routes.get("/proxy")
async def proxy_remote(request):
    remote = request.query["src"]
    async with aiohttp.ClientSession() as session:
        # ruleid: server-side-request-forgery
        async with session.get(remote) as upstream:
            body = await upstream.read()
    return web.Response(body=body, content_type="application/octet-stream")


@routes.get("/mirror/{mirror}/{name}")
async def fetch_from_mirror(request):
    base = TRUSTED_MIRRORS.get(request.match_info["mirror"])
    name = request.match_info["name"]
    if base is None or not MEDIA_NAME.fullmatch(name):
        raise web.HTTPNotFound()
    async with aiohttp.ClientSession() as session:
        # ok: server-side-request-forgery
        async with session.get(base + "/media/" + name, ssl=internal_ssl_context()) as upstream:
            body = await upstream.read()
    return web.Response(body=body, content_type="image/png")


@routes.get("/legacy-mirror/{name}")
async def fetch_legacy(request):
    name = request.match_info["name"]
    if not MEDIA_NAME.fullmatch(name):
        raise web.HTTPNotFound()
    # ruleid: improper-certificate-validation
    conn = aiohttp.TCPConnector(ssl=False)
    async with aiohttp.ClientSession(connector=conn) as session:
        async with session.get("https://legacy-media.example.net/" + name) as upstream:
            body = await upstream.read()
    return web.Response(body=body, content_type="image/png")


@routes.get("/archive-mirror/{name}")
async def fetch_archive(request):
    name = request.match_info["name"]
    if not MEDIA_NAME.fullmatch(name):
        raise web.HTTPNotFound()
    # ruleid: improper-certificate-validation
    ctx = ssl._create_unverified_context()
    async with aiohttp.ClientSession() as session:
        async with session.get("https://archive-media.example.net/" + name, ssl=ctx) as upstream:
            body = await upstream.read()
    log.info("archive fetch for %s returned %d bytes", name, len(body))
    return web.Response(body=body, content_type="image/png")


@routes.get("/files/{name}")
async def serve_file(request):
    name = request.match_info["name"]
    # ruleid: path-traversal
    return web.FileResponse(os.path.join(MEDIA_ROOT, request.query.get("dir", ""), name))


@routes.get("/files-v2/{name}")
async def serve_file_v2(request):
    name = request.match_info["name"]
    if not MEDIA_NAME.fullmatch(name):
        raise web.HTTPBadRequest(text="bad name")
    # ok: path-traversal
    return web.FileResponse(os.path.join(MEDIA_ROOT, name))


@routes.post("/thumbnails")
async def make_thumbnail(request):
    form = await request.post()
    name, size = form["name"], form["size"]
    cmd = "convert {src} -resize {size} /tmp/thumb-{size}.png".format(src=os.path.join(MEDIA_ROOT, name), size=size)
    # ruleid: os-command-injection
    proc = await asyncio.create_subprocess_shell(cmd)
    await proc.wait()
    return web.json_response({"rc": proc.returncode})


@routes.post("/thumbnails/v2")
async def make_thumbnail_v2(request):
    form = await request.post()
    name = form["name"]
    geometry = THUMB_SIZES.get(form["size"], "128x128")
    if not MEDIA_NAME.fullmatch(name):
        raise web.HTTPBadRequest(text="bad name")
    # ok: os-command-injection
    proc = await asyncio.create_subprocess_exec("convert", os.path.join(MEDIA_ROOT, name), "-resize", geometry, "/tmp/thumb.png")
    await proc.wait()
    return web.json_response({"rc": proc.returncode})


@routes.get("/caption")
async def caption(request):
    text = request.query.get("text", "")
    # ruleid: cross-site-scripting
    return web.Response(text="<figcaption>" + text + "</figcaption>", content_type="text/html")


@routes.get("/caption-v2")
async def caption_v2(request):
    text = html.escape(request.query.get("text", ""))
    # ok: cross-site-scripting
    return web.Response(text="<figcaption>" + text + "</figcaption>", content_type="text/html")


@routes.get("/caption-plain")
async def caption_plain(request):
    text = request.query.get("text", "")
    # ok: cross-site-scripting
    return web.Response(text="caption: " + text, content_type="text/plain")


def create_app():
    app = web.Application()
    app.add_routes(routes)
    return app


if __name__ == "__main__":
    web.run_app(create_app(), port=8081)
