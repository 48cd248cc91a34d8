import os

import aiohttp
import httpx
import jwt
import requests
from flask import Flask, jsonify, request

app = Flask(__name__)
CA_BUNDLE = "/etc/ssl/certs/internal-ca.pem"
BILLING_URL = "https://billing.internal.example.com/api"


def billing_client():
    session = requests.Session()
    session.headers["Authorization"] = "Bearer " + os.environ["BILLING_TOKEN"]
    return session


@app.route("/invoices/<invoice_id>")
def invoice(invoice_id):
    session = billing_client()
    # ruleid: python-requests-verify-disabled
    response = session.get(f"{BILLING_URL}/invoices/{invoice_id}", verify=False, timeout=5)
    # ok: python-requests-verify-disabled
    checked = session.get(f"{BILLING_URL}/invoices/{invoice_id}", verify=CA_BUNDLE, timeout=5)
    return jsonify(invoice=response.json(), checked=checked.ok)


@app.route("/status")
def status():
    # ruleid: python-requests-verify-disabled
    health = requests.get(BILLING_URL + "/health", timeout=2, verify=False)
    # ok: python-requests-verify-disabled
    ping = requests.get(BILLING_URL + "/ping", timeout=2)
    # ruleid: python-requests-verify-disabled
    with httpx.Client(base_url=BILLING_URL, verify=False) as client:
        version = client.get("/version").text
    return jsonify(up=health.ok and ping.ok, version=version)


@app.route("/whoami")
def whoami():
    token = request.headers.get("Authorization", "").removeprefix("Bearer ")
    # ok: python-requests-verify-disabled
    header = jwt.get_unverified_header(token)
    # ok: python-requests-verify-disabled
    claims = jwt.decode(token, options={"verify_signature": True}, algorithms=["RS256"], key=os.environ["JWT_KEY"])
    return jsonify(kid=header.get("kid"), sub=claims["sub"])


def upload_report(path):
    with open(path, "rb") as handle:
        # ruleid: python-requests-verify-disabled
        return requests.post(
            BILLING_URL + "/reports",
            files={"report": handle},
            verify=False,
        )


async def fetch_rates(url):
    # ruleid: python-requests-verify-disabled
    connector = aiohttp.TCPConnector(ssl=False)
    async with aiohttp.ClientSession(connector=connector) as session:
        # ruleid: python-requests-verify-disabled
        async with session.get(url, ssl=False) as response:
            return await response.json()


def cache_settings():
    # ok: python-requests-verify-disabled
    return dict(host="cache.internal", ssl=False, decode_responses=True)
