import logging
import traceback

from flask import Flask, jsonify

app = Flask(__name__)


@app.route("/pay")
def pay():
    try:
        return charge()
    except Exception:
        # ruleid: python-stack-trace-exposure
        return traceback.format_exc(), 500


@app.route("/refund")
def refund():
    try:
        return charge()
    except Exception:
        # ruleid: python-stack-trace-exposure
        return jsonify(error=traceback.format_exc())


@app.route("/status")
def status():
    try:
        return charge()
    except Exception:
        logging.error(traceback.format_exc())
        # ok: python-stack-trace-exposure
        return jsonify(error="internal error"), 500


def charge():
    return "ok"
