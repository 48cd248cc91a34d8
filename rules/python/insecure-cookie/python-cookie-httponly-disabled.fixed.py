from django.http import HttpResponse

# ruleid: python-cookie-httponly-disabled
SESSION_COOKIE_HTTPONLY = True
# ok: python-cookie-httponly-disabled
CSRF_COOKIE_HTTPONLY = False


def remember(request):
    response = HttpResponse("ok")
    # ruleid: python-cookie-httponly-disabled
    response.set_cookie("remember", request.session.session_key, secure=True, httponly=True)
    # ok: python-cookie-httponly-disabled
    response.set_cookie("remember", request.session.session_key, secure=True, httponly=True)
    return response
