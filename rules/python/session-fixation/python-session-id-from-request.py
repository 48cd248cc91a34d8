import secrets

from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/login", methods=["POST"])
def login():
    response = make_response("welcome")
    # ruleid: python-session-id-from-request
    response.set_cookie("session_id", request.args["sid"], secure=True, httponly=True)
    # ok: python-session-id-from-request
    response.set_cookie("session_id", secrets.token_urlsafe(32), secure=True, httponly=True)
    # ok: python-session-id-from-request
    response.set_cookie("theme", request.args["theme"], secure=True, httponly=True)
    return response
