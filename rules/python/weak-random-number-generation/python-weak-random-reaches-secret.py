import hashlib
import random
import random as rnd
import secrets
import string
import time
from random import choice

from flask import Flask, make_response, session
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.http import JsonResponse

app = Flask(__name__)
ALPHABET = string.ascii_letters + string.digits


def pick(n):
    # ruleid: python-weak-random-reaches-secret
    return "".join(choice(ALPHABET) for _ in range(n))


@app.route("/login")
def login():
    # ruleid: python-weak-random-reaches-secret
    v = str(rnd.random())
    resp = make_response("ok")
    resp.set_cookie("remember", v)
    return resp


@app.route("/share")
def share():
    # ruleid: python-weak-random-reaches-secret
    seed = f"{rnd.random()}{time.time()}"
    digest = hashlib.sha256(seed.encode()).hexdigest()
    session["share"] = digest
    return "ok"


def issue_reset(user):
    value = pick(12)
    user.reset_code = value
    return value


def make_invite():
    r = rnd.Random()
    # ruleid: python-weak-random-reaches-secret
    bits = r.getrandbits(64)
    return {"invite_code": hex(bits)}


def new_session_key():
    # ruleid: python-weak-random-reaches-secret
    k = "".join(rnd.choices(ALPHABET, k=32))
    return k


@app.route("/strong")
def strong():
    v = secrets.token_urlsafe(32)
    resp = make_response("ok")
    # ok: python-weak-random-reaches-secret
    resp.set_cookie("remember", v)
    # ok: python-weak-random-reaches-secret
    session["share"] = secrets.token_hex(16)
    return resp


def shuffle_display(items):
    colour = rnd.choice(["red", "blue"])
    # ok: python-weak-random-reaches-secret
    label = "theme-" + colour
    # ok: python-weak-random-reaches-secret
    session["theme"] = "dark"
    return label


# Names, keys, arguments and returns that say the value is a secret.
RETRY_JITTER = (0.5, 1.5)


def generate_reset_token(length=32):
    # ruleid: python-weak-random-reaches-secret
    return "".join(random.choice(ALPHABET) for _ in range(length))


def generate_api_token():
    # ok: python-weak-random-reaches-secret
    return secrets.token_urlsafe(32)


def reset_password(request):
    user = User.objects.get(email=request.POST["email"])
    # ruleid: python-weak-random-reaches-secret
    temporary_password = "".join(random.choices(ALPHABET, k=12))
    user.set_password(temporary_password)
    # ruleid: python-weak-random-reaches-secret
    user.profile.verification_code = random.randint(100000, 999999)
    user.save()
    # ok: python-weak-random-reaches-secret
    delay = random.uniform(*RETRY_JITTER)
    send_mail(
        "Your new password",
        f"Password: {temporary_password} (retry in {delay:.1f}s)",
        "noreply@example.com",
        [user.email],
    )
    return JsonResponse({"sent": True})


def send_sms(phone, otp):
    print(phone, otp)


def issue_session(request):
    payload = {
        # ruleid: python-weak-random-reaches-secret
        "session_id": "%032x" % random.getrandbits(128),
        # ok: python-weak-random-reaches-secret
        "csrf": secrets.token_hex(16),
        # ok: python-weak-random-reaches-secret
        "theme": random.choice(["light", "dark"]),
    }
    # ruleid: python-weak-random-reaches-secret
    response = JsonResponse(payload, headers={"X-Nonce": str(random.random())})
    # ruleid: python-weak-random-reaches-secret
    send_sms(request.user.profile.phone, otp=random.randrange(10**6))
    return response


def shuffle_questions(questions):
    # ok: python-weak-random-reaches-secret
    order = random.sample(questions, k=len(questions))
    # ok: python-weak-random-reaches-secret
    winner = random.choice(order)
    rng = random.SystemRandom()
    # ok: python-weak-random-reaches-secret
    salt = rng.getrandbits(64)
    return order, winner, salt
