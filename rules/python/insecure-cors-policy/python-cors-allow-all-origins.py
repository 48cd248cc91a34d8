from flask import Flask
from flask_cors import CORS

app = Flask(__name__)
# ruleid: python-cors-allow-all-origins
CORS(app, origins="*", supports_credentials=True)
# ok: python-cors-allow-all-origins
CORS(app, origins=["https://app.example.com"])
# ruleid: python-cors-allow-all-origins
CORS_ALLOW_ALL_ORIGINS = True
# ok: python-cors-allow-all-origins
CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
