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
