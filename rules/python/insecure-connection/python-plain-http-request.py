import requests

# ruleid: python-plain-http-request
requests.post("http://api.shipfast.io/v1/orders", json={"id": 1})
# ruleid: python-plain-http-request
requests.get("http://payments.acme-bank.com/status")
# ok: python-plain-http-request
requests.get("https://api.shipfast.io/v1/orders")
# ok: python-plain-http-request
requests.get("http://localhost:8080/health")
# ok: python-plain-http-request
requests.get("http://169.254.169.254/latest/api/token", timeout=1)
# ok: python-plain-http-request
requests.get("http://www.example.com/")
# ok: python-plain-http-request
requests.post("http://billing.test/charge", json={"amount": 5})
# ok: python-plain-http-request
requests.get("http://172.17.0.1:9200/_cluster/health")
# ruleid: python-plain-http-request
requests.get("http://elastic.svc.internal:9200/_cluster/health")
