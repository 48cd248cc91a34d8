import socket

# ruleid: python-hardcoded-ip-address
BACKEND = "203.0.113.25"
# ruleid: python-hardcoded-ip-address
socket.create_connection(("198.51.100.7", 443))
# ok: python-hardcoded-ip-address
LOCAL = "127.0.0.1"
# ok: python-hardcoded-ip-address
ANY = "0.0.0.0"
# ok: python-hardcoded-ip-address
VERSION = "1.2.3"
