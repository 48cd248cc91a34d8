import jwt


def claims(token, key):
    # ruleid: python-jwt-decode-without-verification
    unverified = jwt.decode(token, options={"verify_signature": False})
    # ruleid: python-jwt-decode-without-verification
    also = jwt.decode(token, key, algorithms=["HS256"], options={'verify_signature': False})
    # ok: python-jwt-decode-without-verification
    verified = jwt.decode(token, key, algorithms=["RS256"])
    # ok: python-jwt-decode-without-verification
    lenient = jwt.decode(token, key, algorithms=["RS256"], options={"verify_exp": False})
    return unverified, also, verified, lenient
