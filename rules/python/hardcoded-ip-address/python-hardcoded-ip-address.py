import socket

# ruleid: python-hardcoded-ip-address
BACKEND = "52.14.200.3"
# ruleid: python-hardcoded-ip-address
socket.create_connection(("8.8.8.8", 443))
# ok: python-hardcoded-ip-address
LOCAL = "127.0.0.1"
# ok: python-hardcoded-ip-address
ANY = "0.0.0.0"
# ok: python-hardcoded-ip-address
VERSION = "1.2.3"
# ok: python-hardcoded-ip-address
__version__ = "1.7.9.10"
# ok: python-hardcoded-ip-address
socket.create_connection(("192.168.1.20", 5432))
# ok: python-hardcoded-ip-address
METADATA = "169.254.169.254"
# ok: python-hardcoded-ip-address
TEST_PEER = "203.0.113.9:8080"

DATABASES = {
    # ok: python-hardcoded-ip-address
    "default": {"HOST": "10.12.0.15"},
    # ok: python-hardcoded-ip-address
    "SHARED_NAT": "100.100.1.1",
}

setuptools.setup(
    name="clinic",
    # ok: python-hardcoded-ip-address
    version="2.0.0.1",
)


def needs_patch(firmware_version):
    # ok: python-hardcoded-ip-address
    return firmware_version == "4.2.1.18"
