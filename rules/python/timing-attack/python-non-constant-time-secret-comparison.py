import hmac


def verify(request_signature, payload, key, expected_signature, token, session):
    # ruleid: python-non-constant-time-secret-comparison
    if request_signature == expected_signature:
        return True
    # ruleid: python-non-constant-time-secret-comparison
    if session.csrf_token != token:
        return False
    # ok: python-non-constant-time-secret-comparison
    if hmac.compare_digest(request_signature, expected_signature):
        return True
    # ok: python-non-constant-time-secret-comparison
    if token == "":
        return False
    # ok: python-non-constant-time-secret-comparison
    return payload == key
