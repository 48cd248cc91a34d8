from flask import Flask, request

app = Flask(__name__)


def archive(item):
    return "archived " + item


def restore(item):
    return "restored " + item


HANDLERS = {"archive": archive, "restore": restore}


@app.route("/items/<item>", methods=["POST"])
def act(item):
    action = request.form["action"]
    # ruleid: python-globals-lookup-request-data
    result = globals()[action](item)
    # ruleid: python-globals-lookup-request-data
    other = globals().get(request.args.get("fn"))
    # ok: python-globals-lookup-request-data
    handler = HANDLERS.get(action)
    # ok: python-globals-lookup-request-data
    fixed = globals()["archive"](item)
    return str(result) + str(other) + str(handler) + fixed
