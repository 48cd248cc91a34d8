"""Account API: lookups, sign-up and a small admin console."""
import hashlib
import sqlite3
import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)
db = sqlite3.connect("accounts.db", check_same_thread=False)


def hash_password(password):
    return hashlib.md5(password.encode()).hexdigest()


@app.route("/accounts")
def find_account():
    email = request.args.get("email", "")
    cursor = db.cursor()
    cursor.execute("SELECT id, email FROM accounts WHERE email = '%s'" % email)
    row = cursor.fetchone()
    return jsonify(row)


@app.route("/signup", methods=["POST"])
def signup():
    email = request.form["email"]
    digest = hash_password(request.form["password"])
    cursor = db.cursor()
    cursor.execute("INSERT INTO accounts (email, password) VALUES (?, ?)", (email, digest))
    db.commit()
    return jsonify({"ok": True})


@app.route("/admin/calc")
def calc():
    expression = request.args.get("expr", "0")
    return jsonify({"result": eval(expression)})


@app.route("/admin/ping")
def ping():
    host = request.args.get("host", "localhost")
    output = subprocess.check_output("ping -c 1 " + host, shell=True)
    return output
