from flask import Flask, request

app = Flask(__name__)
CONFIG = {"name": "shop"}


@app.route("/greeting")
def greeting():
    template = request.args.get("template")
    # ruleid: python-user-controlled-format-string
    text = template.format(config=CONFIG)
    # ruleid: python-user-controlled-format-string
    more = request.form["t"].format_map(CONFIG)
    # ok: python-user-controlled-format-string
    safe = "Hello {name}".format(name=request.args.get("name"))
    return text + more + safe
