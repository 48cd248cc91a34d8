from Crypto.Cipher import AES
from Crypto.Random import get_random_bytes

key = get_random_bytes(32)
# ruleid: python-pycryptodome-static-iv
legacy = AES.new(key, AES.MODE_CBC, iv=b"abcdefghijklmnop")
# ruleid: python-pycryptodome-static-iv
counter = AES.new(key, AES.MODE_GCM, nonce=b"fixednonce12")
# ok: python-pycryptodome-static-iv
random_iv = AES.new(key, AES.MODE_GCM, nonce=get_random_bytes(12))
# ok: python-pycryptodome-static-iv
default = AES.new(key, AES.MODE_GCM)
