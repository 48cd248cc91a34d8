import base64
import json
import marshal
import pickle

import jsonpickle
import redis
from flask import Flask, jsonify, request

app = Flask(__name__)
cache = redis.Redis()
MODEL_PATH = "/srv/app/model.pkl"


def restore_cart(blob):
    raw = base64.b64decode(blob)
    # ruleid: python-pickle-deserialization
    return pickle.loads(raw)


def save_cart(cart):
    # ok: python-pickle-deserialization
    return base64.b64encode(pickle.dumps(cart)).decode()


@app.route("/cart")
def cart():
    cart = restore_cart(request.cookies.get("cart", ""))
    # ok: python-pickle-deserialization
    prefs = json.loads(request.cookies.get("prefs", "{}"))
    return jsonify(items=len(cart), prefs=prefs, token=save_cart(cart))


@app.route("/jobs/<job_id>")
def job(job_id):
    # ruleid: python-pickle-deserialization
    state = jsonpickle.decode(cache.get(f"job:{job_id}"))
    # ok: python-pickle-deserialization
    encoded = jsonpickle.encode(state, unpicklable=False)
    return jsonify(state=encoded)


def load_model():
    with open(MODEL_PATH, "rb") as handle:
        # ruleid: python-pickle-deserialization
        return pickle.load(handle)


def load_bytecode(path):
    with open(path, "rb") as handle:
        handle.read(16)
        # ruleid: python-pickle-deserialization
        return marshal.loads(handle.read())


def load_settings(path):
    with open(path) as handle:
        # ok: python-pickle-deserialization
        return json.load(handle)
