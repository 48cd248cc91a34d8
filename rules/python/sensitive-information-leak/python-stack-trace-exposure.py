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


@app.route("/export")
def export():
    try:
        return charge()
    except (OSError, ValueError) as exc:
        # ruleid: python-stack-trace-exposure
        return jsonify(ok=False, reason=repr(exc)), 500


@app.route("/sync")
def sync():
    try:
        return charge()
    except Exception as e:
        detail = "sync failed: %s" % e
        # ruleid: python-stack-trace-exposure
        return {"error": detail}, 502


@app.route("/retry")
def retry():
    try:
        return charge()
    except Exception as err:
        logging.exception("retry failed")
        # ok: python-stack-trace-exposure
        return jsonify(error="retry failed", kind=type(err).__name__), 500


def describe(exc):
    return {"kind": type(exc).__name__, "message": str(exc)}


def cli():
    try:
        charge()
    except Exception as exc:
        # ok: python-stack-trace-exposure
        print(describe(exc))
