import os

from Crypto.Cipher import AES, DES3
from Crypto.Util.Padding import pad
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

SESSION_KEY = os.urandom(32)
MODE_ECB_WARNING = "ECB is not allowed"


def seal_token(user_id):
    data = pad(str(user_id).encode(), AES.block_size)
    # ruleid: python-ecb-cipher-mode
    cipher = AES.new(SESSION_KEY, AES.MODE_ECB)
    return cipher.encrypt(data)


def seal_legacy(key, data):
    # ruleid: python-ecb-cipher-mode
    mode = DES3.MODE_ECB
    return DES3.new(key, mode).encrypt(pad(data, 8))


def hazmat_seal(key, data):
    # ruleid: python-ecb-cipher-mode
    encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    return encryptor.update(pad(data, 16)) + encryptor.finalize()


def seal_properly(key, data):
    nonce = os.urandom(12)
    # ok: python-ecb-cipher-mode
    cipher = AES.new(key, AES.MODE_GCM, nonce=nonce)
    # ok: python-ecb-cipher-mode
    stream = Cipher(algorithms.AES(key), modes.CTR(nonce + bytes(4))).encryptor()
    # ok: python-ecb-cipher-mode
    print(MODE_ECB_WARNING)
    return nonce + cipher.encrypt(data), stream
