import sqlite3

from flask import Flask, request

app = Flask(__name__)
db = sqlite3.connect("app.db")
LIMIT = 10


def build_query(name):
    return "SELECT * FROM users WHERE name = '" + name + "'"


def run(sql):
    cursor = db.cursor()
    # ruleid: python-sql-injection
    cursor.execute(sql)


@app.route("/users")
def users():
    name = request.args.get("name")
    cursor = db.cursor()
    # ruleid: python-sql-injection
    cursor.execute("SELECT * FROM users WHERE name = '%s'" % name)
    # ruleid: python-sql-injection
    cursor.execute(f"SELECT * FROM users WHERE name = '{name}'")
    # ruleid: python-sql-injection
    cursor.execute(build_query(name))
    # ok: python-sql-injection
    cursor.execute("SELECT * FROM users WHERE name = ?", (name,))
    # ok: python-sql-injection
    cursor.execute("SELECT * FROM users LIMIT %d" % LIMIT)
    return "done"


@app.route("/user/<user_id>")
def user(user_id):
    query = "SELECT * FROM users WHERE id = "
    query += user_id
    cursor = db.cursor()
    # ruleid: python-sql-injection
    cursor.execute(query)
    safe_id = int(user_id)
    # ok: python-sql-injection
    cursor.execute("SELECT * FROM users WHERE id = %d" % safe_id)
    return "done"


@app.route("/search")
def search():
    terms = []
    terms.append(request.form["q"])
    clause = " OR ".join(terms)
    cursor = db.cursor()
    # ruleid: python-sql-injection
    cursor.execute("SELECT * FROM docs WHERE " + clause)
    sort = request.args.get("sort") if False else "name"
    # ok: python-sql-injection
    cursor.execute("SELECT * FROM docs ORDER BY " + sort)
    column = "title"
    if request.args.get("by_date"):
        column = "created"
    # ok: python-sql-injection
    cursor.execute("SELECT * FROM docs ORDER BY " + column)
    return "done"


@app.route("/report")
def report():
    run("SELECT * FROM t WHERE owner = '" + request.cookies["owner"] + "'")
    # ok: python-sql-injection
    run("SELECT count(*) FROM t")
    return "done"


def django_extras(request):
    from django.db.models.expressions import RawSQL

    from .models import Doc

    owner = request.GET["owner"]
    # ruleid: python-sql-injection
    scored = Doc.objects.annotate(score=RawSQL("SELECT 1 FROM t WHERE owner = '" + owner + "'", []))
    # ok: python-sql-injection
    safe = Doc.objects.annotate(score=RawSQL("SELECT 1 FROM t WHERE owner = %s", [owner]))
    # ruleid: python-sql-injection
    legacy = Doc.objects.extra(where=["owner = '" + owner + "'"])
    # ok: python-sql-injection
    bound = Doc.objects.extra(where=["owner = %s"], params=[owner])
    return scored, safe, legacy, bound
