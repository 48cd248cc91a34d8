from flask import Flask, request

import actions

app = Flask(__name__)
ACTIONS = {"start": "start", "stop": "stop"}


@app.route("/run")
def run():
    name = request.args["action"]
    # ruleid: python-getattr-request-data
    handler = getattr(actions, name)
    # ruleid: python-getattr-request-data
    setattr(actions, request.args["flag"], True)
    # ok: python-getattr-request-data
    safe = getattr(actions, ACTIONS[name])
    # ok: python-getattr-request-data
    default = getattr(actions, "start")
    return handler() + safe() + default()
