import os

import boto3
import psycopg2
import requests
from flask import Flask, jsonify, request

app = Flask(__name__)
# ruleid: python-hardcoded-password
app.config["SECRET_KEY"] = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"
# ruleid: python-hardcoded-password
app.secret_key = "dev-secret-key-do-not-ship"
# ok: python-hardcoded-password
app.config["SESSION_TYPE"] = "filesystem"

# ruleid: python-hardcoded-password
STRIPE_API_KEY = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"
# ok: python-hardcoded-password
GITHUB_TOKEN = os.environ.get("GITHUB_TOKEN", "")
# ok: python-hardcoded-password
DB_PASSWORD = os.environ["DB_PASSWORD"]
# ok: python-hardcoded-password
SMTP_PASSWORD = ""
# ok: python-hardcoded-password
PASSWORD_MIN_LENGTH = 12
# ok: python-hardcoded-password
PASSWORD_FIELD = "password"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "USER": "app",
        # ruleid: python-hardcoded-password
        "PASSWORD": "Winter2024!",
        "HOST": "db.internal",
    },
    "replica": {
        "USER": "app",
        # ok: python-hardcoded-password
        "PASSWORD": "${REPLICA_PASSWORD}",
    },
}


def connect_reporting():
    # ruleid: python-hardcoded-password
    return psycopg2.connect(host="reports.internal", user="reporter", password="r3p0rt!ng")


def connect_primary():
    # ok: python-hardcoded-password
    return psycopg2.connect(host="db.internal", user="app", password=DB_PASSWORD)


# ruleid: python-hardcoded-password
def s3_client(region="eu-west-1", aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY"):
    # ok: python-hardcoded-password
    return boto3.client("s3", region_name=region, aws_access_key_id=os.environ["AWS_KEY_ID"], aws_secret_access_key=aws_secret_access_key)


@app.route("/admin/login", methods=["POST"])
def admin_login():
    password = request.form.get("password", "")
    # ruleid: python-hardcoded-password
    if password == "admin123":
        return jsonify(admin=True)
    # ok: python-hardcoded-password
    if password == "":
        return jsonify(error="missing password"), 400
    return jsonify(admin=False)


def notify(message):
    # ok: python-hardcoded-password
    api_key = "<your-api-key>"
    # ok: python-hardcoded-password
    requests.post("https://hooks.example.com/notify", json={"text": message, "token": os.environ["HOOK_TOKEN"]})
    return api_key


def settings_keys():
    # ok: python-hardcoded-password
    api_token = "BILLING_API_TOKEN"
    # ok: python-hardcoded-password
    private_key = "/etc/ssl/private/billing.pem"
    # ok: python-hardcoded-password
    password = "Passwort muss 12 Zeichen haben"
    # ok: python-hardcoded-password
    client_secret = "${BILLING_CLIENT_SECRET}"
    # ok: python-hardcoded-password
    access_token = "_default"
    # ok: python-hardcoded-password
    secret_key = "aaaaaaaaaaaaaaaa"
    return {
        # ok: python-hardcoded-password
        "api_key": "dummy_api_key",
        # ok: python-hardcoded-password
        "password": "change me later",
        "values": [api_token, private_key, password, client_secret, access_token, secret_key],
    }


def rate_limits(cooldown):
    return {
        # ok: python-hardcoded-password
        "change_password": "5/m/user",
        # ok: python-hardcoded-password
        "reset_password": "20/m/ip,5/m/key",
        # ruleid: python-hardcoded-password
        "admin_password": "Wq7#rT2z",
    }
