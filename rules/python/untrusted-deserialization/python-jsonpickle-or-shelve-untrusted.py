import json

import dill
import jsonpickle
from flask import Flask, request

app = Flask(__name__)


@app.route("/state", methods=["POST"])
def state():
    body = request.get_data()
    # ruleid: python-jsonpickle-or-shelve-untrusted
    obj = jsonpickle.decode(body)
    # ruleid: python-jsonpickle-or-shelve-untrusted
    more = dill.loads(request.files["state"].read())
    # ok: python-jsonpickle-or-shelve-untrusted
    data = json.loads(body)
    # ok: python-jsonpickle-or-shelve-untrusted
    defaults = jsonpickle.decode('{"a": 1}')
    return str(obj) + str(more) + str(data) + str(defaults)
