from Crypto.PublicKey import RSA
from cryptography.hazmat.primitives.asymmetric import rsa

# ruleid: python-short-rsa-key
weak = rsa.generate_private_key(public_exponent=65537, key_size=1024)
# ruleid: python-short-rsa-key
legacy = RSA.generate(512)
# ok: python-short-rsa-key
strong = rsa.generate_private_key(public_exponent=65537, key_size=3072)
# ok: python-short-rsa-key
fine = RSA.generate(2048)
