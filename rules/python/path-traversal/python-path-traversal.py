import io
import os
import shutil
from pathlib import Path

from aiohttp import web
from django.http import FileResponse, HttpResponse
from flask import Flask, abort, jsonify, request, send_file, send_from_directory
from werkzeug.utils import secure_filename

app = Flask(__name__)
UPLOAD_DIR = "/srv/app/uploads"
REPORT_DIR = "/srv/app/reports"


def upload_path(name):
    return os.path.join(UPLOAD_DIR, name)


def read_text(path):
    # ruleid: python-path-traversal
    with open(path, encoding="utf-8") as handle:
        return handle.read()


@app.route("/download")
def download():
    name = request.args.get("file", "")
    if not name:
        abort(400)
    # ruleid: python-path-traversal
    return send_file(upload_path(name), as_attachment=True)


@app.route("/download/safe")
def download_safe():
    name = secure_filename(request.args.get("file", ""))
    # ok: python-path-traversal
    return send_file(upload_path(name), as_attachment=True)


@app.route("/reports/<report_id>")
def report(report_id):
    # ok: python-path-traversal
    return send_from_directory(REPORT_DIR, report_id + ".pdf")


@app.route("/notes/<path:note>")
def note(note):
    body = read_text(os.path.join(UPLOAD_DIR, "notes", note))
    # ok: python-path-traversal
    readme = read_text(os.path.join(UPLOAD_DIR, "README.txt"))
    # ok: python-path-traversal
    other = read_text(upload_path(os.path.basename(note)))
    return jsonify(body=body, readme=readme, other=other)


@app.route("/upload", methods=["POST"])
def upload():
    storage = request.files["document"]
    target = f"{UPLOAD_DIR}/{storage.filename}"
    # ruleid: python-path-traversal
    with io.open(target, "wb") as out:
        out.write(storage.read())
    # ok: python-path-traversal
    with open(upload_path(secure_filename(storage.filename)), "wb") as out:
        out.write(storage.read())
    return jsonify(saved=True)


@app.route("/files", methods=["DELETE"])
def delete_file():
    payload = request.get_json()
    folder = os.path.join(UPLOAD_DIR, payload["folder"])
    # ruleid: python-path-traversal
    shutil.rmtree(folder)
    # ok: python-path-traversal
    os.remove(os.path.join(UPLOAD_DIR, "cache.tmp"))
    return jsonify(deleted=True)


def export(request, filename):
    path = os.path.join(REPORT_DIR, filename)
    # ruleid: python-path-traversal
    return FileResponse(open(path, "rb"), as_attachment=True)


def export_latest(request):
    kind = request.GET.get("kind", "daily")
    file_name = "latest.csv" if kind == "daily" else "weekly.csv"
    # ok: python-path-traversal
    return FileResponse(open(os.path.join(REPORT_DIR, file_name), "rb"))


def preview(request):
    path = Path(UPLOAD_DIR) / request.GET["name"]
    # ruleid: python-path-traversal
    handle = open(path)
    return HttpResponse(handle.read(), content_type="text/plain")


@app.route("/nested")
def nested():
    full = os.path.realpath(os.path.join(UPLOAD_DIR, request.args.get("path", "")))
    if not full.startswith(UPLOAD_DIR + os.sep):
        return "forbidden", 403
    # ok: python-path-traversal
    return send_file(full)


class AttachmentHandler(tornado.web.RequestHandler):
    def get(self, name):
        # ruleid: python-path-traversal
        with open(os.path.join(UPLOAD_DIR, name), "rb") as handle:
            self.write(handle.read())
        folder = self.request.arguments["folder"][0].decode()
        # ruleid: python-path-traversal
        shutil.rmtree(os.path.join(UPLOAD_DIR, folder))
        # ok: python-path-traversal
        shutil.rmtree(os.path.join(UPLOAD_DIR, "tmp"))


async def aiohttp_download(request):
    name = request.rel_url.query.get("name", "")
    # ruleid: python-path-traversal
    with open(os.path.join(UPLOAD_DIR, name), "rb") as handle:
        body = handle.read()
    # ok: python-path-traversal
    with open(os.path.join(UPLOAD_DIR, "README.txt"), "rb") as handle:
        body += handle.read()
    return web.Response(body=body)


async def starlette_avatar(request):
    user = request.path_params["user"]
    # ruleid: python-path-traversal
    return FileResponse(os.path.join(UPLOAD_DIR, "avatars", user + ".png"))


class ReportView(APIView):
    def get(self, request):
        month = request.query_params.get("month", "")
        # ruleid: python-path-traversal
        handle = open(os.path.join(REPORT_DIR, month + ".csv"))
        year = int(request.query_params.get("year", "2024"))
        # ok: python-path-traversal
        archive = open(os.path.join(REPORT_DIR, "%d.zip" % year), "rb")
        return Response({"rows": handle.read(), "size": len(archive.read())})


def static_app(environ, start_response):
    path = environ.get("PATH_INFO", "/index.html")
    # ruleid: python-path-traversal
    with open(REPORT_DIR + path, "rb") as handle:
        body = handle.read()
    # ok: python-path-traversal
    with open(os.path.join(REPORT_DIR, "index.html"), "rb") as handle:
        body += handle.read()
    start_response("200 OK", [])
    return [body]


def download_handler(event, context):
    key = event["pathParameters"]["key"]
    # ruleid: python-path-traversal
    with open(os.path.join("/tmp", key)) as handle:
        return {"statusCode": 200, "body": handle.read()}


def warm_cache(event, context):
    # ok: python-path-traversal
    with open(os.path.join("/tmp", event["source"])) as handle:
        return handle.read()


class FileHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        # ruleid: python-path-traversal
        with open(UPLOAD_DIR + self.path, "rb") as handle:
            self.wfile.write(handle.read())
        length = int(self.headers.get("Content-Length", 0))
        # ok: python-path-traversal
        with open(os.path.join(UPLOAD_DIR, "upload-%d.bin" % length), "wb") as handle:
            handle.write(b"")


async def media(request):
    wanted = request.match_info["name"]
    # ruleid: python-path-traversal
    return web.FileResponse(os.path.join(UPLOAD_DIR, wanted))


async def media_index(request):
    # ok: python-path-traversal
    return web.FileResponse(os.path.join(UPLOAD_DIR, "index.html"))


EXPORTS = "/srv/exports"


@app.route("/exports/<path:name>")
def export_file(name):
    wanted = os.path.realpath(os.path.join(EXPORTS, name))
    if os.path.commonpath((EXPORTS, wanted)) != EXPORTS:
        abort(404)
    # ok: python-path-traversal
    return send_file(wanted)


@app.route("/exports/raw/<path:name>")
def export_raw(name):
    wanted = os.path.realpath(os.path.join(EXPORTS, name))
    common = os.path.commonpath([EXPORTS, wanted])
    app.logger.info("common prefix %s", common)
    # ruleid: python-path-traversal
    return send_file(wanted)


def unzip_upload(archive_path, dest):
    import zipfile
    from pathlib import Path
    root = Path(dest).resolve()
    with zipfile.ZipFile(archive_path) as zf:
        for info in zf.infolist():
            target = root / info.filename
            # ruleid: python-path-traversal
            with open(target, "wb") as out:
                out.write(zf.read(info))
        for name in zf.namelist():
            safe = (root / name).resolve()
            if not safe.is_relative_to(root):
                continue
            # ok: python-path-traversal
            with open(safe, "wb") as out:
                out.write(zf.read(name))
