import jwt


def issue(claims, key):
    # ruleid: python-jwt-none-algorithm
    unsigned = jwt.encode(claims, None, algorithm="none")
    # ok: python-jwt-none-algorithm
    signed = jwt.encode(claims, key, algorithm="HS256")
    return unsigned, signed
