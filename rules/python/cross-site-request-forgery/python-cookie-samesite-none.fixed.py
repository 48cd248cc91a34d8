from flask import Flask, make_response

app = Flask(__name__)
# ruleid: python-cookie-samesite-none
app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
# ok: python-cookie-samesite-none
app.config["REMEMBER_COOKIE_SAMESITE"] = "Lax"

# ruleid: python-cookie-samesite-none
CSRF_COOKIE_SAMESITE = "Lax"
# ok: python-cookie-samesite-none
SESSION_COOKIE_SAMESITE = "Strict"


@app.route("/embed")
def embed():
    response = make_response("ok")
    # ruleid: python-cookie-samesite-none
    response.set_cookie("embed", "1", secure=True, samesite="Lax")
    # ok: python-cookie-samesite-none
    response.set_cookie("theme", "dark", secure=True, samesite="Lax")
    return response
