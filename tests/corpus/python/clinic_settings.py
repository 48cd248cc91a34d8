"""Django settings of the clinic portal, with the development overrides still in place."""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# ruleid: hardcoded-credentials
SECRET_KEY = "django-insecure-9f#2m!x7qz0c1k$e8w5r3t6y"
# ok: hardcoded-credentials
SIGNING_KEY = os.environ.get("CLINIC_SIGNING_KEY", "")

# ruleid: detect-activated-debug-feature
DEBUG = True
# ok: detect-activated-debug-feature
TEMPLATE_DEBUG = os.environ.get("TEMPLATE_DEBUG") == "1"

ALLOWED_HOSTS = ["portal.clinic.example"]

# ruleid: insecure-cookie
SESSION_COOKIE_SECURE = False
# ok: insecure-cookie
CSRF_COOKIE_SECURE = True
# ruleid: insecure-cookie
SESSION_COOKIE_HTTPONLY = False
# ok: insecure-cookie
CSRF_COOKIE_HTTPONLY = False
# ruleid: cross-site-request-forgery
SESSION_COOKIE_SAMESITE = "None"
# ok: cross-site-request-forgery
CSRF_COOKIE_SAMESITE = "Strict"

# ruleid: insecure-cors-policy
CORS_ALLOW_ALL_ORIGINS = True
# ok: insecure-cors-policy
CORS_ALLOWED_ORIGINS = ["https://portal.clinic.example"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "clinic",
        "USER": "clinic",
        # ruleid: hardcoded-credentials
        "PASSWORD": "Cl1nic-Pr0d-2024",
        # ok: hardcoded-ip-address (a private address, not routable)
        "HOST": "10.12.0.15",
        "PORT": "5432",
    },
    "replica": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "clinic",
        "USER": "clinic",
        # ok: hardcoded-credentials
        "PASSWORD": os.environ["REPLICA_PASSWORD"],
        # ok: hardcoded-ip-address
        "HOST": "replica.db.clinic.example",
    },
}

# ok: insecure-connection
LAB_API = "https://lab.clinic.example/api"
# ok: insecure-temp-file
FILE_UPLOAD_TEMP_DIR = BASE_DIR / "tmp"
# ok: loose-file-permissions
FILE_UPLOAD_PERMISSIONS = 0o640
