import importlib

from flask import Flask, request

app = Flask(__name__)
PLUGINS = {"csv": "exporters.csv", "pdf": "exporters.pdf"}


@app.route("/export")
def export():
    name = request.args.get("format")
    # ruleid: python-importlib-module-injection
    module = importlib.import_module("exporters." + name)
    # ruleid: python-importlib-module-injection
    other = __import__(name)
    # ok: python-importlib-module-injection
    safe = importlib.import_module(PLUGINS[name])
    # ok: python-importlib-module-injection
    fixed = importlib.import_module("exporters.csv")
    return module.run() + other.run() + safe.run() + fixed.run()
