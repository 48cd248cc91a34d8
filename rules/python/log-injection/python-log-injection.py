import logging

from flask import Flask, request

app = Flask(__name__)
logger = logging.getLogger(__name__)


@app.route("/login", methods=["POST"])
def login():
    user = request.form["user"]
    # ruleid: python-log-injection
    logger.info("login attempt for " + user)
    # ruleid: python-log-injection
    logging.warning("bad password for %s", user)
    # ok: python-log-injection
    logger.info("login attempt for %s", repr(user))
    # ok: python-log-injection
    logger.info("login attempt for " + user.replace("\n", "\\n").replace("\r", "\\r"))
    # ok: python-log-injection
    logger.info("login attempt")
    # ok: python-log-injection
    logger.info("login attempt for %r", user)
    # ruleid: python-log-injection
    logger.info("login attempt for %(user)s", {"user": user})
    # ruleid: python-log-injection
    logger.info(f"login attempt for {user}")
    return "ok"
