from cryptography.hazmat.primitives import hashes

# ruleid: python-cryptography-weak-hash
digest = hashes.Hash(hashes.MD5())
# ruleid: python-cryptography-weak-hash
signer = hashes.Hash(hashes.SHA1())
# ok: python-cryptography-weak-hash
strong = hashes.Hash(hashes.SHA256())
