import os

import jwt

SECRET = os.environ["JWT_SECRET"]


def issue(user_id):
    # ruleid: python-jwt-hardcoded-secret
    weak = jwt.encode({"sub": user_id}, "my-signing-secret", algorithm="HS256")
    # ok: python-jwt-hardcoded-secret
    strong = jwt.encode({"sub": user_id}, SECRET, algorithm="HS256")
    return weak, strong


def check(token):
    # ruleid: python-jwt-hardcoded-secret
    claims = jwt.decode(token, "my-signing-secret", algorithms=["HS256"])
    # ok: python-jwt-hardcoded-secret
    verified = jwt.decode(token, os.environ["JWT_SECRET"], algorithms=["HS256"])
    return claims, verified
