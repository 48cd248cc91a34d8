import os

# ruleid: hardcoded-secret-assignment
SECRET_KEY = "django-insecure-9x$kq2&vl7@w3zr8!t5m"
# ok: hardcoded-secret-assignment
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
# ok: hardcoded-secret-assignment
API_TOKEN = settings.UPSTREAM_API_TOKEN


def connect(user, password):
    # ok: hardcoded-secret-assignment
    return open_db(user=user, password=password)


def login(client):
    # ruleid: hardcoded-secret-assignment
    return client.post("/login", json={"user": "admin", "password": "Adm1n!x9Q2"})


def login_placeholder(client):
    # ok: hardcoded-secret-assignment
    return client.post("/login", json={"user": "admin", "password": "your-password"})
