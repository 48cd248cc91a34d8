import urllib.request
from urllib.parse import quote, urljoin

import aiohttp
import httpx
import requests
import urllib3
from requests import Session as HttpSession
from django.http import HttpRequest, JsonResponse
from flask import Flask, jsonify, request

app = Flask(__name__)
API_BASE = "https://api.example.com/"
TIMEOUT = 5
PROFILE_SERVICE = "http://profiles.internal:8080"


def fetch(url):
    # ruleid: python-ssrf-request-url
    return requests.get(url, timeout=TIMEOUT)


class PreviewClient:
    def __init__(self, target):
        self.session = requests.Session()
        self.target = target

    def head(self):
        # ok: python-ssrf-request-url
        return self.session.head(API_BASE + "health", allow_redirects=False, timeout=TIMEOUT)


@app.route("/preview")
def preview():
    target = request.args.get("url", "")
    page = fetch(target)
    http_session = requests.Session()
    # ruleid: python-ssrf-request-url
    meta = http_session.head(target, allow_redirects=False, timeout=TIMEOUT)
    # ok: python-ssrf-request-url
    status = fetch(API_BASE + "status")
    return jsonify(length=len(page.content), type=meta.headers.get("content-type"), up=status.ok)


@app.route("/users/<user_id>/avatar")
def avatar(user_id):
    # ok: python-ssrf-request-url
    profile = requests.get(f"https://api.example.com/users/{quote(user_id)}", timeout=TIMEOUT)
    # ok: python-ssrf-request-url
    avatar = requests.get("https://cdn.example.com/avatars/" + user_id + ".png", timeout=TIMEOUT)
    # ruleid: python-ssrf-request-url
    mirror = requests.get(urljoin(API_BASE, user_id), timeout=TIMEOUT)
    # ok: python-ssrf-request-url
    friends = requests.get(f"{PROFILE_SERVICE}/users/{user_id}/friends", timeout=TIMEOUT)
    # ok: python-ssrf-request-url
    badges = requests.get(PROFILE_SERVICE + "/users/" + user_id + "/badges", timeout=TIMEOUT)
    # ruleid: python-ssrf-request-url
    guessed = requests.get(PROFILE_SERVICE + user_id, timeout=TIMEOUT)
    return jsonify(profile=profile.json(), size=len(avatar.content), mirror=mirror.ok, friends=friends.json(), badges=badges.json(), guessed=guessed.ok)


@app.route("/webhooks/test", methods=["POST"])
def webhook_test():
    hook = request.get_json()["callback"]
    # ruleid: python-ssrf-request-url
    response = httpx.post(hook, json={"event": "ping"}, timeout=TIMEOUT)
    # ruleid: python-ssrf-request-url
    requests.request("POST", hook, json={"event": "ping"})
    # ok: python-ssrf-request-url
    requests.request("POST", "https://hooks.example.com/ping", json={"event": "ping"})
    return jsonify(status=response.status_code)


@app.route("/import", methods=["POST"])
def import_feed():
    host = request.form["host"]
    feed = "http://{}/feed.xml".format(host)
    # ruleid: python-ssrf-request-url
    with urllib.request.urlopen(feed, timeout=TIMEOUT) as handle:
        body = handle.read()
    # ok: python-ssrf-request-url
    with urllib.request.urlopen("https://feeds.example.com/{}.xml".format(quote(host))) as handle:
        body += handle.read()
    return jsonify(size=len(body))


def proxy(request):
    url = request.GET["u"]
    session = requests.Session()
    # ruleid: python-ssrf-request-url
    upstream = session.get(url=url, timeout=TIMEOUT)
    # ok: python-ssrf-request-url
    cached = request.session.get(url)
    return JsonResponse({"status": upstream.status_code, "cached": cached})



class PartnerGateway:
    def __init__(self):
        self.client = HttpSession()
        self.pool = urllib3.PoolManager()

    def relay(self, address):
        # ruleid: python-ssrf-request-url
        return self.client.get(address, timeout=TIMEOUT)

    def relay_pooled(self, address):
        # ruleid: python-ssrf-request-url
        return self.pool.request("GET", address)

    def health(self):
        # ok: python-ssrf-request-url
        return self.client.get(API_BASE + "health", timeout=TIMEOUT)


gateway = PartnerGateway()


@app.route("/partner/relay")
def partner_relay():
    return jsonify(status=gateway.relay(request.args["at"]).status_code)


@app.route("/partner/pool")
def partner_pool():
    return jsonify(status=gateway.relay_pooled(request.args["at"]).status)


async def mirror(request):
    where = request.query.get("from", "")
    async with aiohttp.ClientSession() as http:
        # ruleid: python-ssrf-request-url
        async with http.get(where) as upstream:
            body = await upstream.read()
    with httpx.Client() as c:
        # ok: python-ssrf-request-url
        c.post(API_BASE + "mirrors", content=body)
        # ruleid: python-ssrf-request-url
        c.request("PUT", url=where, content=body)
    return body


async def proxy_by_type(incoming: aiohttp.web.Request):
    # A request of any name, known by its declared type.
    target = incoming.query["target"]
    async with aiohttp.ClientSession() as http:
        # ruleid: python-ssrf-request-url
        await http.get(target)
        # ok: python-ssrf-request-url
        await http.get(API_BASE + "targets")


def django_fetch(req: HttpRequest):
    upstream = req.GET.get("upstream", "")
    # ruleid: python-ssrf-request-url
    reply = requests.get(upstream, timeout=TIMEOUT)
    return JsonResponse({"status": reply.status_code})


PARTNER_HOSTS = {"api.partner.example", "hooks.partner.example"}


def _allowed(target):
    parts = urllib.parse.urlparse(target)
    return parts.scheme == "https" and parts.hostname in PARTNER_HOSTS


@app.route("/relay", methods=["POST"])
def relay_callback():
    callback = request.form["callback"]
    if not _allowed(callback):
        return jsonify(error="callback not allowed"), 400
    # ok: python-ssrf-request-url
    requests.post(callback, json={"ok": True}, timeout=5)
    other = request.form["other"]
    if _allowed(callback):
        # ruleid: python-ssrf-request-url
        requests.post(other, timeout=5)
    return jsonify(ok=True)
