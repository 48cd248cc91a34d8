from django.http import JsonResponse
from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
USERS = etree.parse("/srv/app/users.xml")
FIND_BY_NAME = etree.XPath("//user[@name=$name]")


def user_expression(name, field):
    return "//user[@name='{}']/{}".format(name, field)


def select(tree, expression):
    # ruleid: python-xpath-injection
    return tree.xpath(expression)


@app.route("/users/<name>/email")
def email(name):
    nodes = select(USERS, user_expression(name, "email"))
    # ok: python-xpath-injection
    safe = USERS.xpath("//user[@name=$name]/email", name=name)
    # ok: python-xpath-injection
    everyone = select(USERS, "//user/email")
    return jsonify(emails=[node.text for node in nodes + safe], total=len(everyone))


@app.route("/login", methods=["POST"])
def login():
    username = request.form["username"]
    password = request.form["password"]
    query = "//user[@name='" + username + "' and @password='" + password + "']"
    # ruleid: python-xpath-injection
    matches = USERS.getroot().xpath(query)
    # ok: python-xpath-injection
    same = FIND_BY_NAME(USERS, name=username)
    return jsonify(ok=bool(matches), known=bool(same))


def search(request):
    tag = request.GET.get("tag", "user")
    # ruleid: python-xpath-injection
    finder = etree.XPath(f"//{tag}[@active='true']")
    # ok: python-xpath-injection
    active = etree.XPath("//user[@active=$flag]")(USERS, flag="true")
    page = int(request.GET.get("page", "1"))
    # ok: python-xpath-injection
    nth = USERS.xpath("//user[%d]" % page)
    return JsonResponse({"count": len(finder(USERS)), "active": len(active), "nth": len(nth)})
