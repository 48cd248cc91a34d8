"""Edge gateway: SSO login against the directory, proxying, status pages."""
import html
import logging
import random
import re
import secrets
import ssl
import traceback
from urllib.parse import urlsplit

import aiohttp
import jinja2
import ldap
import ldap.filter
from aiohttp import web

log = logging.getLogger("gateway")
routes = web.RouteTableDef()

UPSTREAMS = {"billing": "https://billing.internal.example.org", "search": "https://search.internal.example.org"}
TRUSTED_SUFFIX = ".example.org"
DIR_URI = "ldaps://ldap.example.org"
DIR_BASE = "dc=example,dc=org"
TENANT_RE = re.compile(r"[a-z][a-z0-9]{2,30}")
MAINTENANCE = False
ALLOW_SELF_SIGNED = False

page_env = jinja2.Environment(loader=jinja2.FileSystemLoader("templates"), autoescape=jinja2.select_autoescape(["html"]))
text_env = jinja2.Environment(autoescape=False)
STATUS_TPL = "<html><body><h1>{{ service }}</h1><p>{{ detail }}</p></body></html>"


def _dir():
    c = ldap.initialize(DIR_URI)
    c.simple_bind_s("cn=gateway,ou=services," + DIR_BASE, open("/run/secrets/ldap_bind").read().strip())
    return c


def _tls():
    ctx = ssl.create_default_context()
    if ALLOW_SELF_SIGNED:
        # ok: improper-certificate-validation
        ctx.verify_mode = ssl.CERT_NONE
    return ctx


def _insecure_tls():
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    # ruleid: improper-certificate-validation
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


@routes.post("/sso/login")
async def sso_login(request):
    form = await request.post()
    user, pw = form.get("user", ""), form.get("password", "")
    conn = _dir()
    # ruleid: ldap-injection
    res = conn.search_s(DIR_BASE, ldap.SCOPE_SUBTREE, "(&(objectClass=inetOrgPerson)(uid=" + user + "))", ["dn"])
    if not res:
        # ruleid: log-injection
        log.warning("sso: unknown user %r via %s", user, request.headers.get("User-Agent"))
        raise web.HTTPUnauthorized()
    conn.simple_bind_s(res[0][0], pw)
    # ruleid: weak-random-number-generation
    sid = "%032x" % random.getrandbits(128)
    resp = web.json_response({"ok": True})
    # ruleid: insecure-cookie
    resp.set_cookie("gw_session", sid, path="/")
    return resp


@routes.post("/sso/v2/login")
async def sso_login_v2(request):
    form = await request.post()
    user = form.get("user", "")
    conn = _dir()
    # ok: ldap-injection
    res = conn.search_s(DIR_BASE, ldap.SCOPE_SUBTREE, ldap.filter.filter_format("(&(objectClass=inetOrgPerson)(uid=%s))", [user]), ["dn"])
    mail = form.get("mail", "")
    # ok: ldap-injection
    alt = conn.search_s(DIR_BASE, ldap.SCOPE_SUBTREE, "(mail=%s)" % ldap.filter.escape_filter_chars(mail), ["dn"])
    if not res and not alt:
        raise web.HTTPUnauthorized()
    # ruleid: log-injection
    log.info("sso v2 login for %s", ldap.filter.escape_filter_chars(user))
    # ok: weak-random-number-generation
    sid = secrets.token_hex(16)
    resp = web.json_response({"ok": True})
    # ok: insecure-cookie
    resp.set_cookie("gw_session", sid, path="/", secure=True, httponly=True, samesite="Strict")
    return resp


@routes.get("/proxy/{service}/{tail:.*}")
async def proxy(request):
    base = UPSTREAMS.get(request.match_info["service"])
    if base is None:
        raise web.HTTPNotFound()
    async with aiohttp.ClientSession() as session:
        # ok: server-side-request-forgery
        async with session.get(base + "/" + request.match_info["tail"].lstrip("/"), ssl=_tls(), allow_redirects=False) as r:
            body = await r.read()
    return web.Response(body=body, status=r.status)


@routes.get("/fetch")
async def fetch(request):
    target = request.query.get("u", "")
    host = urlsplit(target).hostname or ""
    if not host.endswith("example.org"):
        raise web.HTTPForbidden()
    async with aiohttp.ClientSession() as session:
        # ruleid: server-side-request-forgery
        # ruleid: improper-certificate-validation
        async with session.get(target, ssl=False) as r:
            return web.Response(text=await r.text(), content_type="text/plain")


@routes.get("/fetch/v2")
async def fetch_v2(request):
    target = request.query.get("u", "")
    p = urlsplit(target)
    if p.scheme != "https" or not (p.hostname or "").endswith(TRUSTED_SUFFIX):
        raise web.HTTPForbidden()
    async with aiohttp.ClientSession() as session:
        # ok: server-side-request-forgery
        async with session.get(target, allow_redirects=False) as r:
            return web.Response(text=await r.text(), content_type="text/plain")


@routes.get("/status/{service}")
async def status(request):
    service = request.match_info["service"]
    detail = request.query.get("detail", "")
    if MAINTENANCE:
        # ok: cross-site-scripting
        return web.Response(text="<h1>Maintenance: %s</h1>" % detail, content_type="text/html")
    if request.query.get("v") == "2":
        # ok: cross-site-scripting
        return web.Response(text=page_env.get_template("status.html").render(service=service, detail=detail), content_type="text/html")
    # ruleid: cross-site-scripting
    return web.Response(text=text_env.from_string(STATUS_TPL).render(service=service, detail=detail), content_type="text/html")


@routes.get("/hello")
async def hello(request):
    v = request.query.get("name", "guest")
    if request.query.get("plain"):
        # ok: cross-site-scripting
        return web.Response(text="Hello " + v, content_type="text/plain")
    # ruleid: cross-site-scripting
    return web.Response(text="<p>Hello {}</p>".format(v), content_type="text/html")


@routes.get("/hello/safe")
async def hello_safe(request):
    v = request.query.get("name", "guest")
    # ok: cross-site-scripting
    return web.Response(text="<p>Hello {}</p>".format(html.escape(v)), content_type="text/html")


@routes.get("/tenant/switch")
async def switch_tenant(request):
    tenant = request.query.get("t", "")
    back = request.query.get("back", "/")
    resp = web.json_response({"tenant": tenant if TENANT_RE.fullmatch(tenant) else None})
    if TENANT_RE.fullmatch(tenant):
        # ok: header-injection
        resp.headers["X-Tenant"] = tenant
    # ruleid: header-injection
    resp.headers["X-Return-To"] = back
    return resp


@routes.get("/tenant/return")
async def tenant_return(request):
    back = request.query.get("back", "/")
    # ruleid: open-redirect
    raise web.HTTPFound(location=back)


@routes.get("/logout")
async def logout(request):
    back = request.query.get("back", "/")
    dest = back if back.startswith("/") and not back.startswith("//") and "\\" not in back else "/"
    # ok: open-redirect
    raise web.HTTPFound(dest)


@routes.get("/ping")
async def ping(request):
    # ok: weak-random-number-generation
    jitter = random.uniform(0, 0.25)
    try:
        async with aiohttp.ClientSession() as session:
            async with session.get(UPSTREAMS["billing"] + "/health", timeout=aiohttp.ClientTimeout(total=2 + jitter)) as r:
                return web.json_response({"billing": r.status})
    except Exception as exc:
        log.exception("health check failed")
        # ruleid: stack-trace-exposure
        return web.json_response({"billing": "down", "error": str(exc), "trace": traceback.format_exc()}, status=503)


@routes.get("/ping/v2")
async def ping_v2(request):
    try:
        async with aiohttp.ClientSession() as session:
            async with session.get(UPSTREAMS["search"] + "/health", ssl=_insecure_tls()) as r:
                return web.json_response({"search": r.status})
    except aiohttp.ClientError:
        # ok: stack-trace-exposure
        log.error("search health check failed\n%s", traceback.format_exc())
        return web.json_response({"search": "down"}, status=503)


app = web.Application()
app.add_routes(routes)
