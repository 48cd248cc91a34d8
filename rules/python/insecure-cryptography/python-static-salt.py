import hashlib
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC


def legacy_hash(password):
    # ruleid: python-static-salt
    return hashlib.pbkdf2_hmac("sha256", password.encode(), b"static-salt", 600000)


def legacy_kdf():
    # ruleid: python-static-salt
    return PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=b"0123456789abcdef", iterations=600000)


def current_hash(password):
    salt = os.urandom(16)
    # ok: python-static-salt
    return salt, hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600000)


def keyword_form(password, salt):
    # ok: python-static-salt
    return hashlib.pbkdf2_hmac(hash_name="sha256", password=password.encode(), salt=salt, iterations=600000)


def legacy_keyword_form(password):
    # ruleid: python-static-salt
    return hashlib.pbkdf2_hmac(hash_name="sha256", password=password.encode(), salt="pepper".encode(), iterations=600000)


def current_kdf():
    # ok: python-static-salt
    return PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=os.urandom(16), iterations=600000)
