import os

from flask import Flask

app = Flask(__name__)
# ruleid: python-hardcoded-secret-key-setting
app.secret_key = "dev-5f4dcc3b5aa765d61d8327deb882cf99"
# ruleid: python-hardcoded-secret-key-setting
app.config["SECRET_KEY"] = "change-me-please-2024"
# ruleid: python-hardcoded-secret-key-setting
SECRET_KEY = "django-insecure-8s7d6f5g4h3j2k1l"
# ok: python-hardcoded-secret-key-setting
app.secret_key = os.environ["FLASK_SECRET_KEY"]
# ok: python-hardcoded-secret-key-setting
app.config["SECRET_KEY"] = os.urandom(32)
