from flask import Flask, make_response, request

app = Flask(__name__)
ALLOWED = {"https://app.example.com"}


@app.route("/api/data")
def data():
    response = make_response("{}")
    origin = request.headers.get("Origin")
    # ruleid: python-cors-origin-reflection
    response.headers["Access-Control-Allow-Origin"] = origin
    # ok: python-cors-origin-reflection
    response.headers["Access-Control-Allow-Origin"] = origin if origin in ALLOWED else "https://app.example.com"
    # ok: python-cors-origin-reflection
    response.headers["Access-Control-Allow-Origin"] = "https://app.example.com"
    return response
