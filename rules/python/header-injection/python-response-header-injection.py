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
