from flask import Flask, redirect, request

app = Flask(__name__)


class Links:
    def __init__(self):
        self.home = "/"

    def target(self, value):
        return "/go?to=" + value


@app.route("/login")
def login():
    target = request.args.get("next")
    if not is_safe_url(target):
        # ok: taint-case-python-redirect
        return redirect("/")
    # ok: taint-case-python-redirect
    return redirect(target)


@app.route("/out")
def out():
    target = request.args.get("next")
    if is_safe_url(target):
        # ok: taint-case-python-redirect
        return redirect(target)
    # ruleid: taint-case-python-redirect
    return redirect(target)


@app.route("/links")
def links():
    links = Links()
    # ruleid: taint-case-python-redirect
    return redirect(links.target(request.args["to"]))


@app.route("/flag")
def flag():
    # ok: taint-case-python-redirect
    return redirect("/home" if request.args.get("x") == "1" else "/")
