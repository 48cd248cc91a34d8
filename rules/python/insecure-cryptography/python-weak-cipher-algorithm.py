import os

import Cryptodome.Cipher.ARC2

from Crypto.Cipher import AES, ARC4, DES, DES3, Blowfish
from Crypto.Random import get_random_bytes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.ciphers.algorithms import TripleDES

LEGACY_KEY = os.environ.get("LEGACY_KEY", "").encode()


def encrypt_legacy_record(payload):
    # ruleid: python-weak-cipher-algorithm
    cipher = DES.new(LEGACY_KEY[:8], DES.MODE_CBC)
    return cipher.iv + cipher.encrypt(payload)


def encrypt_stream(key, chunks):
    # ruleid: python-weak-cipher-algorithm
    rc4 = ARC4.new(key)
    return b"".join(rc4.encrypt(chunk) for chunk in chunks)


def encrypt_card(key, number):
    # ruleid: python-weak-cipher-algorithm
    cipher = DES3.new(key, DES3.MODE_CBC)
    # ruleid: python-weak-cipher-algorithm
    backup = Blowfish.new(key, Blowfish.MODE_CBC)
    # ruleid: python-weak-cipher-algorithm
    fallback = Cryptodome.Cipher.ARC2.new(key, Cryptodome.Cipher.ARC2.MODE_CBC)
    return cipher.encrypt(number), backup.iv, fallback.iv


def hazmat_triple_des(key, iv, data):
    # ruleid: python-weak-cipher-algorithm
    encryptor = Cipher(algorithms.TripleDES(key), modes.CBC(iv)).encryptor()
    # ruleid: python-weak-cipher-algorithm
    other = Cipher(TripleDES(key), modes.CBC(iv))
    return encryptor.update(data) + encryptor.finalize(), other


def encrypt_modern(key, data):
    nonce = get_random_bytes(12)
    # ok: python-weak-cipher-algorithm
    cipher = AES.new(key, AES.MODE_GCM, nonce=nonce)
    # ok: python-weak-cipher-algorithm
    sealed = AESGCM(key).encrypt(nonce, data, None)
    # ok: python-weak-cipher-algorithm
    encryptor = Cipher(algorithms.AES(key), modes.GCM(nonce)).encryptor()
    return cipher.encrypt_and_digest(data), sealed, encryptor
