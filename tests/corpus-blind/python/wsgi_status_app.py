"""Tiny status/download WSGI application served by gunicorn behind the proxy."""
import html
import re
from urllib.parse import parse_qs
from http.cookies import SimpleCookie

SAFE_LABEL = re.compile(r"[A-Za-z0-9 ._-]{1,40}")
KNOWN_PAGES = {"/": "index", "/status": "status", "/docs": "docs"}


def _query(environ):
    return {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}


def download_page(environ, start_response):
    q = _query(environ)
    label = q.get("label", "report")
    # ruleid: header-injection
    start_response("200 OK", [("Content-Type", "text/csv"), ("Content-Disposition", "attachment; filename=" + label + ".csv")])
    return [b"id,value\n1,2\n"]


def download_page_v2(environ, start_response):
    q = _query(environ)
    label = q.get("label", "report")
    if not SAFE_LABEL.fullmatch(label):
        label = "report"
    # ok: header-injection
    start_response("200 OK", [("Content-Type", "text/csv"), ("Content-Disposition", "attachment; filename=" + label + ".csv")])
    return [b"id,value\n1,2\n"]


def back_link(environ, start_response):
    q = _query(environ)
    dest = q.get("to", "/")
    # ruleid: open-redirect
    start_response("302 Found", [("Location", dest)])
    return [b""]


def back_link_v2(environ, start_response):
    q = _query(environ)
    dest = q.get("to", "/")
    if dest not in KNOWN_PAGES:
        dest = "/"
    # ok: open-redirect
    start_response("302 Found", [("Location", dest)])
    return [b""]


def status_page(environ, start_response):
    q = _query(environ)
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
    # ruleid: cross-site-scripting
    return [("<html><body><p>Filter: " + q.get("filter", "") + "</p></body></html>").encode("utf-8")]


def whoami_page(environ, start_response):
    cookies = SimpleCookie(environ.get("HTTP_COOKIE", ""))
    who = cookies["display_name"].value if "display_name" in cookies else "anonymous"
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
    # ok: cross-site-scripting
    return [("<html><body><p>Signed in as " + html.escape(who) + "</p></body></html>").encode("utf-8")]


def application(environ, start_response):
    path = environ.get("PATH_INFO", "/")
    if path == "/download":
        return download_page(environ, start_response)
    if path == "/download/v2":
        return download_page_v2(environ, start_response)
    if path == "/back":
        return back_link(environ, start_response)
    if path == "/back/v2":
        return back_link_v2(environ, start_response)
    if path == "/whoami":
        return whoami_page(environ, start_response)
    return status_page(environ, start_response)
