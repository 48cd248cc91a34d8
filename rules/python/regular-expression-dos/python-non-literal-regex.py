import re

from flask import Flask, request

app = Flask(__name__)


@app.route("/search")
def search():
    term = request.args["q"]
    # ruleid: python-non-literal-regex
    pattern = re.compile(term)
    # ruleid: python-non-literal-regex
    hits = re.findall("^" + term + ".*$", "catalogue")
    # ok: python-non-literal-regex
    safe = re.compile(re.escape(term))
    # ok: python-non-literal-regex
    words = re.findall(r"\w+", term)
    return str(pattern) + str(hits) + str(safe) + str(words)
