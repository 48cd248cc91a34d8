import os

import requests

# ruleid: google-api-key
GEOCODE_KEY = "AIzaSyFAKE3kQ9vL2xW7nT4bR8mZ1cY6pH5sJ0d"
# ok: google-api-key
MAPS_KEY = os.environ.get("GOOGLE_MAPS_API_KEY")
# ok: google-api-key
DUMMY_KEY = "AIzaxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"


def geocode(address):
    return requests.get(
        "https://maps.googleapis.com/maps/api/geocode/json",
        # ruleid: google-api-key
        params={"address": address, "key": "AIzaSyD-FAKE_8Lq2Wx7Nv4Tz9Kc3Rb6Hm1Ps5J"},
        timeout=5,
    )
