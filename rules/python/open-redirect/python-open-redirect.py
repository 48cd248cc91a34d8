import urllib.parse
from urllib.parse import urlparse

from django.http import HttpResponseRedirect
from django import shortcuts
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from flask import Flask, abort, redirect, request, session, url_for

app = Flask(__name__)
api = FastAPI()
HOME = "/dashboard"
TRACKING_SITE = "https://track.example.com"


def next_target(default=HOME):
    return request.args.get("next") or default


def bounce(target):
    # ruleid: python-open-redirect
    return redirect(target, code=302)


@app.route("/login", methods=["POST"])
def login():
    session["user"] = "alice"
    # ruleid: python-open-redirect
    return redirect(next_target())


@app.route("/logout")
def logout():
    session.clear()
    # ok: python-open-redirect
    return redirect(url_for("index", next=request.args.get("next")))


@app.route("/orders/<order_id>/pay")
def pay(order_id):
    # ok: python-open-redirect
    return redirect("/orders/" + order_id + "/receipt")


@app.route("/orders/<order_id>/track")
def track(order_id):
    # ok: python-open-redirect
    return redirect(f"{TRACKING_SITE}/parcels/{order_id}")


@app.route("/go")
def go():
    site = request.args.get("site", "")
    # ok: python-open-redirect
    return bounce(f"https://help.example.com/{site}")


@app.route("/jump")
def jump():
    bounce("//" + request.args["host"])
    # ok: python-open-redirect
    return bounce(HOME)


def django_login(request):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(url=target, allowed_hosts={request.get_host()}, require_https=True):
        # ok: python-open-redirect
        return HttpResponseRedirect(target)
    # ruleid: python-open-redirect
    return HttpResponseRedirect(target or reverse("home"))


def django_back(request):
    referer = request.META.get("HTTP_REFERER", "/")
    safe = referer if url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}) else "/"
    # ok: python-open-redirect
    response = shortcuts.redirect(safe)
    if urlparse(referer).netloc:
        # ruleid: python-open-redirect
        response = shortcuts.redirect(referer)
    return response


@api.get("/r")
def fastapi_redirect(to: str):
    # ruleid: python-open-redirect
    return RedirectResponse(url=to, status_code=307)


@api.get("/docs-link")
def fastapi_docs(page: str):
    # ok: python-open-redirect
    return RedirectResponse("/docs/{}".format(page))


RETURN_PATHS = {"/", "/account"}


@app.route("/signup/done")
def signup_done():
    dest = request.args.get("dest", "/")
    known = dest in RETURN_PATHS
    if not known:
        return redirect("/")
    # ok: python-open-redirect
    return redirect(dest)


@app.route("/signup/next")
def signup_next():
    dest = request.args.get("dest", "/")
    # ok: python-open-redirect
    return redirect(dest if dest in RETURN_PATHS else "/")


PARTNER_SITES = {"docs.example.org", "status.example.org"}


@app.route("/leave")
def leave_site():
    where = request.args.get("u", "/")
    pieces = urllib.parse.urlsplit(where)
    if pieces.netloc and pieces.netloc not in PARTNER_SITES:
        abort(400)
    # ok: python-open-redirect
    return redirect(where)


@app.route("/leave/relative")
def leave_relative():
    where = request.args.get("u", "/")
    if urlparse(where).netloc != "":
        where = "/"
    # ok: python-open-redirect
    return redirect(where)


@app.route("/leave/any-host")
def leave_any_host():
    where = request.args.get("u", "/")
    pieces = urlparse(where)
    if pieces.scheme not in ("http", "https"):
        abort(400)
    # ruleid: python-open-redirect
    return redirect(where)


@app.route("/leave/other")
def leave_other():
    where = request.args.get("u", "/")
    pieces = urlparse(request.args.get("check", ""))
    if pieces.netloc not in PARTNER_SITES:
        abort(400)
    # ruleid: python-open-redirect
    return redirect(where)


def wsgi_bounce(environ, start_response):
    target = environ.get("QUERY_STRING", "")
    # ruleid: python-open-redirect
    start_response("302 Found", [("Location", target), ("Cache-Control", "no-store")])
    return [b""]


def wsgi_home(environ, start_response):
    target = environ.get("QUERY_STRING", "")
    # ok: python-open-redirect
    start_response("302 Found", [("Location", "/home"), ("X-From", target)])
    return [b""]


def django_continue(request):
    # The checker vouches for the value on the path where it held, under any later name.
    wanted = request.GET.get("continue", "")
    if not url_has_allowed_host_and_scheme(url=wanted, allowed_hosts={request.get_host()}):
        wanted = "/"
    onward = wanted
    # ok: python-open-redirect
    return HttpResponseRedirect(onward)


def django_continue_unchecked(request):
    wanted = request.GET.get("continue", "")
    fallback = request.GET.get("fallback", "")
    if url_has_allowed_host_and_scheme(url=fallback, allowed_hosts=None):
        onward = wanted
        # ruleid: python-open-redirect
        return HttpResponseRedirect(onward)
    return HttpResponseRedirect("/")


def login_required_redirect(login_url):
    # The request's own path travels in the query string, encoded.
    target = login_url + "?" + urllib.parse.urlencode({"next": request.full_path})
    # ok: python-open-redirect
    return redirect(target)


def login_redirect_appended(login_url):
    url = login_url
    url += "?" + urllib.parse.urlencode(dict(next=request.url))
    # ok: python-open-redirect
    return redirect(url)


def forward_with_query():
    base = request.args.get("return_to", "/")
    # ruleid: python-open-redirect
    return redirect(base + "?" + urllib.parse.urlencode({"ref": "mail"}))


class FilesView(BaseView):
    # get_url comes from the base class, in another module.
    def _folder_url(self, endpoint, path=None):
        return self.get_url(endpoint, path=path)

    def move(self):
        target = self._folder_url(".index_view", request.form.get("folder"))
        # ok: python-open-redirect
        return redirect(target)

    def rename(self):
        folder = request.form.get("folder", "")
        back = self.get_url(".index_view", path=folder)
        # ok: python-open-redirect
        return redirect(back)

    def create(self):
        if "_add_another" in request.form:
            # ok: python-open-redirect
            return redirect(request.url)
        # ruleid: python-open-redirect
        return redirect(request.full_path.rstrip("?"))


def _is_local(path):
    return path.startswith("/") and not path.startswith(("//", "/\\"))


@app.route("/local/after")
def local_after():
    nxt = request.args.get("next", "/")
    if nxt.startswith("/") and not nxt.startswith("//") and "\\" not in nxt:
        # ok: python-open-redirect
        return redirect(nxt)
    if nxt.startswith("/") and not nxt.startswith("//"):
        # ruleid: python-open-redirect
        return redirect(nxt)
    back = request.args.get("back", "")
    if not back.startswith("/") or back.startswith("//") or "\\" in back:
        back = "/"
    # ok: python-open-redirect
    return redirect(back)


@app.route("/local/checked")
def local_checked():
    target = request.args.get("target", "")
    if not _is_local(target):
        abort(400)
    # ok: python-open-redirect
    redirect(target)
    other = request.args.get("other", "")
    if other.startswith("/"):
        # ruleid: python-open-redirect
        return redirect(other)
    # ok: python-open-redirect
    return redirect(target)
