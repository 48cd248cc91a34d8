import hashlib


def fingerprint(data):
    # ruleid: python-weak-hash-md5-sha1
    return hashlib.md5(data).hexdigest()


def legacy(data):
    # ruleid: python-weak-hash-md5-sha1
    digest = hashlib.sha1(data)
    return digest


def strong(data):
    # ok: python-weak-hash-md5-sha1
    return hashlib.sha256(data).hexdigest()


def cache_key(data):
    # ok: python-weak-hash-md5-sha1
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


import hashlib as h
from hashlib import md5 as digest_of
from hashlib import sha256 as strong_digest


def aliased_module(data):
    # ruleid: python-weak-hash-md5-sha1
    return h.md5(data).hexdigest()


def imported_under_another_name(data):
    # ruleid: python-weak-hash-md5-sha1
    return digest_of(data).hexdigest()


def strong_under_an_alias(data):
    # ok: python-weak-hash-md5-sha1
    return strong_digest(data).hexdigest()


def a_method_called_md5(cache, data):
    # ok: python-weak-hash-md5-sha1
    return cache.md5(data)


def avatar_etag(blob):
    # ok: python-weak-hash-md5-sha1
    return hashlib.md5(blob).hexdigest()


def serve_export(resp, body):
    # ok: python-weak-hash-md5-sha1
    resp.headers["ETag"] = hashlib.md5(body).hexdigest()
    # ok: python-weak-hash-md5-sha1
    cache_key = hashlib.sha1(body).hexdigest()
    # ok: python-weak-hash-md5-sha1
    return {"checksum": hashlib.md5(body).hexdigest(), "key": cache_key}


def remember_login(resp, password):
    # ruleid: python-weak-hash-md5-sha1
    resp.headers["X-Remember"] = hashlib.md5(password.encode()).hexdigest()
    # ruleid: python-weak-hash-md5-sha1
    stored = hashlib.sha1(password.encode()).hexdigest()
    return stored
