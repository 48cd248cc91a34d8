import os

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

key = os.urandom(32)
# ruleid: python-static-initialization-vector
cipher = Cipher(algorithms.AES(key), modes.CBC(b"0000000000000000"))
# ruleid: python-static-initialization-vector
stream = Cipher(algorithms.AES(key), modes.CTR(b"nonce-nonce-1234"))
# ok: python-static-initialization-vector
fresh = Cipher(algorithms.AES(key), modes.CBC(os.urandom(16)))
