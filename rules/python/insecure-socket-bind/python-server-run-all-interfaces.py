from flask import Flask

app = Flask(__name__)
# ruleid: python-server-run-all-interfaces
app.run(host="0.0.0.0", port=5000)
# ok: python-server-run-all-interfaces
app.run(host="127.0.0.1", port=5000)
