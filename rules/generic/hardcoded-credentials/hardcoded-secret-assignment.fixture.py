import os
from dataclasses import dataclass

# ruleid: hardcoded-secret-assignment
SECRET_KEY = "django-insecure-9x$kq2&vl7@w3zr8!t5m"
# ok: hardcoded-secret-assignment
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
# ok: hardcoded-secret-assignment
API_TOKEN = settings.UPSTREAM_API_TOKEN


def connect(user, password):
    # ok: hardcoded-secret-assignment
    return open_db(user=user, password=password)


def login(client):
    # ruleid: hardcoded-secret-assignment
    return client.post("/login", json={"user": "admin", "password": "Adm1n!x9Q2"})


def login_placeholder(client):
    # ok: hardcoded-secret-assignment
    return client.post("/login", json={"user": "admin", "password": "your-password"})


@dataclass
class ClientSettings:
    # ok: hardcoded-secret-assignment
    access_token: TokenType
    # ok: hardcoded-secret-assignment
    api_key: Optional[str] = None


def rotate_key(vault):
    """Rotate the stored key.

    The old value looked like:
    # ok: hardcoded-secret-assignment
        api_key = "Hq4zR8mWv2Lp6TxN"
    and is revoked after the call.
    """
    # ok: hardcoded-secret-assignment
    # legacy: password = "Zr7!kP2wQx9mVt"
    return vault.rotate("payments")


LABELS = {
    # ok: hardcoded-secret-assignment
    "password": "Neues Passwort",
    # ok: hardcoded-secret-assignment
    "reset_token": "Enter the token from your e-mail",
    # ok: hardcoded-secret-assignment
    "password_placeholder": "%(password)s",
}

SETTINGS_KEYS = {
    # ok: hardcoded-secret-assignment
    "secret": "PAYMENT_WEBHOOK_SECRET",
    # ok: hardcoded-secret-assignment
    "token": "_default",
}


def inspect_token(session, user_token, service_token):
    return session.get(
        "https://graph.internal.corp/debug_token",
        # ok: hardcoded-secret-assignment
        params={"input_token": user_token, "access_token": service_token},
    )
