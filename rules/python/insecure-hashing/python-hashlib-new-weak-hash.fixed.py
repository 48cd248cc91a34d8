import hashlib

# ruleid: python-hashlib-new-weak-hash
digest = hashlib.new("sha256", b"data").hexdigest()
# ruleid: python-hashlib-new-weak-hash
other = hashlib.new("sha256")
# ok: python-hashlib-new-weak-hash
strong = hashlib.new("sha256", b"data")
# ok: python-hashlib-new-weak-hash
checksum = hashlib.new("md5", b"data", usedforsecurity=False)


def upload_checksum(data):
    # ok: python-hashlib-new-weak-hash
    return hashlib.new("md5", data).hexdigest()


def session_digest(sid):
    # ruleid: python-hashlib-new-weak-hash
    return hashlib.new("sha256", sid.encode()).hexdigest()
