from cryptography.hazmat.primitives import hashes

# ruleid: python-cryptography-weak-hash
digest = hashes.Hash(hashes.SHA256())
# ruleid: python-cryptography-weak-hash
signer = hashes.Hash(hashes.SHA256())
# ok: python-cryptography-weak-hash
strong = hashes.Hash(hashes.SHA256())
