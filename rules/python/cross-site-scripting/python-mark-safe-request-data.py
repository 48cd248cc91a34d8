from django.utils.html import escape
from django.utils.safestring import mark_safe
from flask import Flask, request
from markupsafe import Markup

app = Flask(__name__)


@app.route("/greet")
def greet():
    name = request.args.get("name", "")
    # ruleid: python-mark-safe-request-data
    banner = Markup("<b>Hello " + name + "</b>")
    # ruleid: python-mark-safe-request-data
    footer = mark_safe(f"<i>{name}</i>")
    # ok: python-mark-safe-request-data
    safe = Markup("<b>Hello ") + escape(name)
    # ok: python-mark-safe-request-data
    static = mark_safe("<hr>")
    # ok: python-mark-safe-request-data
    escaped = mark_safe("<i>" + escape(name) + "</i>")
    return str(banner) + footer + safe + static + escaped
