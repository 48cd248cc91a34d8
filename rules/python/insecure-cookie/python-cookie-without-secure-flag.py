from django.conf import settings
from django.http import JsonResponse
from flask import Flask, jsonify, make_response, request

app = Flask(__name__)
SECURE_COOKIES = True
ONE_WEEK = 7 * 24 * 3600


def remember(response, token):
    # ruleid: python-cookie-without-secure-flag
    response.set_cookie("remember_token", token, max_age=ONE_WEEK, httponly=True)
    return response


@app.route("/login", methods=["POST"])
def login():
    response = make_response(jsonify(ok=True))
    # ruleid: python-cookie-without-secure-flag
    response.set_cookie("session_id", request.form["sid"], httponly=True, secure=False)
    # ok: python-cookie-without-secure-flag
    response.set_cookie("session_id", request.form["sid"], httponly=True, secure=True, samesite="Lax")
    # ok: python-cookie-without-secure-flag
    response.set_cookie("csrf", request.form["sid"], secure=SECURE_COOKIES)
    # ok: python-cookie-without-secure-flag
    response.set_cookie("scheme_bound", "1", secure=request.is_secure)
    return remember(response, request.form["sid"])


@app.route("/logout")
def logout():
    response = make_response(jsonify(ok=True))
    # ok: python-cookie-without-secure-flag
    response.delete_cookie("session_id")
    return response


def preferences(request):
    response = JsonResponse({"saved": True})
    # ruleid: python-cookie-without-secure-flag
    response.set_signed_cookie("prefs", request.POST.get("theme", "light"), salt="prefs")
    # ok: python-cookie-without-secure-flag
    response.set_cookie("lang", "en", secure=settings.SESSION_COOKIE_SECURE, samesite="Strict")
    # ruleid: python-cookie-without-secure-flag
    response.set_cookie(
        "tracking",
        "abc",
        secure=None,
    )
    return response


def copy_cookies(session, jar, names):
    for cookie in jar:
        # ok: python-cookie-without-secure-flag
        session.cookies.set_cookie(copy.copy(cookie))
    for name, value in names.items():
        # ok: python-cookie-without-secure-flag
        jar.set_cookie(create_cookie(name, value))
    return jar


def hand_written(response, token):
    # ruleid: python-cookie-without-secure-flag
    response.headers["Set-Cookie"] = f"session_token={token}; Path=/; HttpOnly"
    # ok: python-cookie-without-secure-flag
    response.headers["Set-Cookie"] = f"session_token={token}; Path=/; Secure; HttpOnly"
    # ruleid: python-cookie-without-secure-flag
    response.headers.add("Set-Cookie", "remember_me=" + token)
    # ok: python-cookie-without-secure-flag
    response.headers["Set-Cookie"] = "lang=en; Path=/"
    return response
