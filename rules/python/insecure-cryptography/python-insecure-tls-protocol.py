import ssl

# ruleid: python-insecure-tls-protocol
legacy = ssl.SSLContext(ssl.PROTOCOL_TLSv1)
context = ssl.create_default_context()
# ruleid: python-insecure-tls-protocol
context.minimum_version = ssl.TLSVersion.TLSv1_1
# ok: python-insecure-tls-protocol
context.minimum_version = ssl.TLSVersion.TLSv1_2
# ok: python-insecure-tls-protocol
client = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
