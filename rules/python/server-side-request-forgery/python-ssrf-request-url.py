import urllib.request
from urllib.parse import quote, urljoin

import httpx
import requests
from django.http import JsonResponse
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
