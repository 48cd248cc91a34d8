from flask import Flask

app = Flask(__name__)
# ruleid: python-flask-debug-enabled
app.debug = True
# ruleid: python-flask-debug-enabled
app.config["DEBUG"] = True
# ok: python-flask-debug-enabled
app.config["DEBUG"] = False
if __name__ == "__main__":
    # ruleid: python-flask-debug-enabled
    app.run(debug=True)
    # ok: python-flask-debug-enabled
    app.run(debug=False)
