import os

from flask import Flask

DEBUG = os.environ.get("DJANGO_DEBUG") == "1"
ALLOWED_HOSTS = ["app.example.com"]

# ruleid: python-cookie-secure-setting-disabled
SESSION_COOKIE_SECURE = False
# ok: python-cookie-secure-setting-disabled
CSRF_COOKIE_SECURE = True
# ok: python-cookie-secure-setting-disabled
SESSION_COOKIE_HTTPONLY = False
# ok: python-cookie-secure-setting-disabled
LANGUAGE_COOKIE_SECURE = not DEBUG


def create_app():
    app = Flask(__name__)
    # ruleid: python-cookie-secure-setting-disabled
    app.config["SESSION_COOKIE_SECURE"] = False
    app.config.update(
        SECRET_KEY=os.environ["SECRET_KEY"],
        # ruleid: python-cookie-secure-setting-disabled
        REMEMBER_COOKIE_SECURE=False,
        # ok: python-cookie-secure-setting-disabled
        SESSION_COOKIE_SAMESITE="Lax",
    )
    app.config.from_mapping(
        # ruleid: python-cookie-secure-setting-disabled
        {"CSRF_COOKIE_SECURE": False, "PREFERRED_URL_SCHEME": "https"}
    )
    return app
