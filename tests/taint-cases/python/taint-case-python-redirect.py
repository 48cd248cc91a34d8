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


@app.route("/keys")
def keys():
    places = {"next": request.args.get("next"), "home": "/"}
    # ok: taint-case-python-redirect
    redirect(places["home"])
    # ruleid: taint-case-python-redirect
    redirect(places["next"])
    chosen = {}
    chosen["a"] = request.args.get("a")
    chosen["b"] = "/b"
    # ok: taint-case-python-redirect
    redirect(chosen["b"])
    # ok: taint-case-python-redirect
    redirect(chosen.get("b"))
    # ruleid: taint-case-python-redirect
    redirect(chosen.get("a"))
    chosen["a"] = "/a"
    # ok: taint-case-python-redirect
    redirect(chosen["a"])
    key = request.args.get("k")
    chosen[key] = request.args.get("v")
    # ruleid: taint-case-python-redirect
    return redirect(chosen["b"])


@app.route("/list")
def listed():
    steps = ["/", "/home"]
    steps[1] = request.args.get("step")
    # ok: taint-case-python-redirect
    redirect(steps[0])
    # ruleid: taint-case-python-redirect
    redirect(steps[1])
    # ruleid: taint-case-python-redirect
    return redirect(steps)
