import ast
import builtins
import re

import flask
from django.http import JsonResponse
from flask import Flask, jsonify, request

app = Flask(__name__)
SAFE_FUNCTIONS = {"abs": abs, "min": min, "max": max}
DEFAULT_FORMULA = "price * quantity"


def compute(expression, variables):
    scope = dict(variables)
    scope["__builtins__"] = {}
    # ruleid: python-eval-exec-injection
    return eval(expression, scope)


@app.route("/calc")
def calc():
    formula = request.args.get("formula", DEFAULT_FORMULA)
    price = float(request.args.get("price", "0"))
    result = compute(formula, {"price": price, "quantity": 3})
    # ok: python-eval-exec-injection
    total = eval(DEFAULT_FORMULA, {"price": price, "quantity": 3})
    # ok: python-eval-exec-injection
    doubled = eval("x * 2", {"x": price})
    return jsonify(result=result, total=total, doubled=doubled)


@app.route("/settings", methods=["POST"])
def settings():
    raw = request.form["value"]
    # ok: python-eval-exec-injection
    value = ast.literal_eval(raw)
    # ok: python-eval-exec-injection
    pattern = re.compile(raw)
    # ruleid: python-eval-exec-injection
    legacy = builtins.eval(raw)
    return jsonify(value=value, legacy=legacy, pattern=pattern.pattern)


@app.route("/plugins", methods=["POST"])
def plugins():
    source = request.get_data(as_text=True)
    header = "# plugin\n"
    # ruleid: python-eval-exec-injection
    code = compile(header + source, "<plugin>", "exec")
    namespace = {}
    # ruleid: python-eval-exec-injection
    exec(code, namespace)
    # ok: python-eval-exec-injection
    exec("import math", namespace)
    return jsonify(names=sorted(namespace))


def report(request, field):
    template = "record.{}".format(field)
    # ruleid: python-eval-exec-injection
    value = eval(template, {"record": request.user})
    limit = int(request.GET.get("limit", "10"))
    # ok: python-eval-exec-injection
    page = eval("limit + 1", {"limit": limit})
    return JsonResponse({"value": str(value), "page": page})


@app.post("/rules")
def rules():
    # The request through the module, `flask.request`, is the same request.
    condition = flask.request.form["condition"]
    # ruleid: python-eval-exec-injection
    matched = eval(condition, {"__builtins__": {}})
    # ok: python-eval-exec-injection
    checked = re.compile(flask.request.form["pattern"])
    return jsonify(matched=bool(matched), pattern=checked.pattern)
