import hashlib
import random as rnd
import secrets
import string
import time
from random import choice

from flask import Flask, make_response, session

app = Flask(__name__)
ALPHABET = string.ascii_letters + string.digits


def pick(n):
    return "".join(choice(ALPHABET) for _ in range(n))


@app.route("/login")
def login():
    v = str(rnd.random())
    resp = make_response("ok")
    # ruleid: python-weak-random-reaches-secret
    resp.set_cookie("remember", v)
    return resp


@app.route("/share")
def share():
    seed = f"{rnd.random()}{time.time()}"
    digest = hashlib.sha256(seed.encode()).hexdigest()
    # ruleid: python-weak-random-reaches-secret
    session["share"] = digest
    return "ok"


def issue_reset(user):
    value = pick(12)
    # ruleid: python-weak-random-reaches-secret
    user.reset_code = value
    return value


def make_invite():
    r = rnd.Random()
    bits = r.getrandbits(64)
    # ruleid: python-weak-random-reaches-secret
    return {"invite_code": hex(bits)}


def new_session_key():
    k = "".join(rnd.choices(ALPHABET, k=32))
    # ruleid: python-weak-random-reaches-secret
    return k


@app.route("/strong")
def strong():
    v = secrets.token_urlsafe(32)
    resp = make_response("ok")
    # ok: python-weak-random-reaches-secret
    resp.set_cookie("remember", v)
    # ok: python-weak-random-reaches-secret
    session["share"] = secrets.token_hex(16)
    return resp


def shuffle_display(items):
    colour = rnd.choice(["red", "blue"])
    # ok: python-weak-random-reaches-secret
    label = "theme-" + colour
    # ok: python-weak-random-reaches-secret
    session["theme"] = "dark"
    return label
