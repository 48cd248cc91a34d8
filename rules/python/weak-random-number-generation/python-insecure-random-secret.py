import random
import secrets
import string

from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.http import JsonResponse

ALPHABET = string.ascii_letters + string.digits
RETRY_JITTER = (0.5, 1.5)


def generate_reset_token(length=32):
    # ruleid: python-insecure-random-secret
    return "".join(random.choice(ALPHABET) for _ in range(length))


def generate_api_token():
    # ok: python-insecure-random-secret
    return secrets.token_urlsafe(32)


def reset_password(request):
    user = User.objects.get(email=request.POST["email"])
    # ruleid: python-insecure-random-secret
    temporary_password = "".join(random.choices(ALPHABET, k=12))
    user.set_password(temporary_password)
    # ruleid: python-insecure-random-secret
    user.profile.verification_code = random.randint(100000, 999999)
    user.save()
    # ok: python-insecure-random-secret
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
        # ruleid: python-insecure-random-secret
        "session_id": "%032x" % random.getrandbits(128),
        # ok: python-insecure-random-secret
        "csrf": secrets.token_hex(16),
        # ok: python-insecure-random-secret
        "theme": random.choice(["light", "dark"]),
    }
    # ruleid: python-insecure-random-secret
    response = JsonResponse(payload, headers={"X-Nonce": str(random.random())})
    # ruleid: python-insecure-random-secret
    send_sms(request.user.profile.phone, otp=random.randrange(10**6))
    return response


def shuffle_questions(questions):
    # ok: python-insecure-random-secret
    order = random.sample(questions, k=len(questions))
    # ok: python-insecure-random-secret
    winner = random.choice(order)
    rng = random.SystemRandom()
    # ok: python-insecure-random-secret
    salt = rng.getrandbits(64)
    return order, winner, salt
