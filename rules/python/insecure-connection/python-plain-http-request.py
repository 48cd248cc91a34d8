import requests

# ruleid: python-plain-http-request
requests.post("http://api.example.com/v1/orders", json={"id": 1})
# ruleid: python-plain-http-request
requests.get("http://payments.example.com/status")
# ok: python-plain-http-request
requests.get("https://api.example.com/v1/orders")
# ok: python-plain-http-request
requests.get("http://localhost:8080/health")
