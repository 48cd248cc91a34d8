"""Deployment helpers."""

# ruleid: private-key-block
SIGNING_KEY = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIFAKErkmghzem9yPVUJa/c5q52RYfLWrLoevhZC0x0awirH/juQbLifx\nz53nCQE28+AJy75fNcTTN6KFAQdEmQg3OMJmYxhcABm6jof8efD0nHCY/1Kgd2vd\n/Er1uyZAlIa/ZnYd7chlN/Xc+1HSyG\n-----END EC PRIVATE KEY-----\n"

# ok: private-key-block
EXAMPLE_KEY = "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n"

# ok: private-key-block
HEADER = "-----BEGIN RSA PRIVATE KEY-----"


def load_key(path):
    with open(path) as f:
        return f.read()
