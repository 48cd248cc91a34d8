import json
from bson import ObjectId
from flask import Flask, request
from pymongo import MongoClient

app = Flask(__name__)
users = MongoClient().app.users


@app.route("/find", methods=["POST"])
def find():
    query = json.loads(request.data)
    # ruleid: python-pymongo-query-injection
    users.find(query)
    # ruleid: python-pymongo-query-injection
    users.find_one({"$where": "this.name == '" + request.args["name"] + "'"})
    # ok: python-pymongo-query-injection
    users.find_one({"name": str(request.args["name"])})
    # ok: python-pymongo-query-injection
    users.find_one({"_id": ObjectId(request.args["id"])})
    # ok: python-pymongo-query-injection
    users.find({"active": True})
    return "ok"
