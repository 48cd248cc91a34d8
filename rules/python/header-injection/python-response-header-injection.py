from urllib.parse import quote

from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/download")
def download():
    name = request.args["name"]
    response = make_response("data")
    # ruleid: python-response-header-injection
    response.headers["Content-Disposition"] = "attachment; filename=" + name
    # ruleid: python-response-header-injection
    response.headers["X-Trace"] = request.headers.get("X-Request-Id")
    # ok: python-response-header-injection
    response.headers["Content-Disposition"] = "attachment; filename=" + quote(name)
    # ok: python-response-header-injection
    response.headers["Cache-Control"] = "no-store"
    return response


def wsgi_download(environ, start_response):
    name = environ.get("QUERY_STRING", "report")
    # ruleid: python-response-header-injection
    start_response("200 OK", [("Content-Type", "text/csv"), ("Content-Disposition", "attachment; filename=" + name)])
    return [b"a,b\n"]


def wsgi_download_fixed(environ, start_response):
    name = environ.get("QUERY_STRING", "report")
    # ok: python-response-header-injection
    start_response("200 OK", [("Content-Type", "text/csv"), ("Content-Disposition", "attachment; filename=report.csv"), ("X-Length", str(len(name)))])
    return [b"a,b\n"]
