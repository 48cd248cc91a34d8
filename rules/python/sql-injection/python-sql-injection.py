import re
import sqlite3

from flask import Flask, abort, request

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


class ProductHandler(tornado.web.RequestHandler):
    def get(self, category):
        name = self.get_argument("name", "")
        cursor = db.cursor()
        # ruleid: python-sql-injection
        cursor.execute("SELECT * FROM products WHERE name = '" + name + "'")
        # ruleid: python-sql-injection
        cursor.execute(f"SELECT * FROM products WHERE category = '{category}'")
        # ok: python-sql-injection
        cursor.execute("SELECT * FROM products WHERE category = ?", (category,))
        page = int(self.get_query_argument("page", "1"))
        # ok: python-sql-injection
        cursor.execute("SELECT * FROM products LIMIT 20 OFFSET %d" % (page * 20))


async def aiohttp_orders(request):
    customer = request.match_info["customer"]
    filters = await request.json()
    async with pool.acquire() as conn:
        # ruleid: python-sql-injection
        await conn.execute("DELETE FROM carts WHERE customer = '%s'" % customer)
        # ruleid: python-sql-injection
        await conn.execute("SELECT * FROM orders WHERE status = '" + filters["status"] + "'")
        # ok: python-sql-injection
        await conn.execute("SELECT * FROM orders WHERE customer = $1", customer)


async def starlette_tags(request):
    tag = request.query_params.get("tag")
    owner = request.path_params["owner"]
    cursor = db.cursor()
    # ruleid: python-sql-injection
    cursor.execute("SELECT * FROM tags WHERE name = '" + tag + "' AND owner = '" + owner + "'")
    # ok: python-sql-injection
    cursor.execute("SELECT * FROM tags WHERE name = ? AND owner = ?", (tag, owner))


class InvoiceViewSet(viewsets.ViewSet):
    def create(self, request):
        number = request.data["number"]
        cursor = connection.cursor()
        # ruleid: python-sql-injection
        cursor.execute("INSERT INTO invoices(number) VALUES ('%s')" % number)
        # ok: python-sql-injection
        cursor.execute("INSERT INTO invoices(number) VALUES (%s)", [number])


def lambda_handler(event, context):
    params = event["queryStringParameters"] or {}
    cursor = db.cursor()
    # ruleid: python-sql-injection
    cursor.execute("SELECT * FROM events WHERE venue = '" + params["venue"] + "'")
    # ok: python-sql-injection
    cursor.execute("SELECT * FROM events WHERE venue = ?", (params["venue"],))


def describe(event):
    # ok: python-sql-injection
    db.cursor().execute("SELECT * FROM audit WHERE kind = '" + event["kind"] + "'")


def wsgi_app(environ, start_response):
    query = parse_qs(environ["QUERY_STRING"])
    user = query.get("user", [""])[0]
    cursor = db.cursor()
    # ruleid: python-sql-injection
    cursor.execute("SELECT * FROM sessions WHERE user = '" + user + "'")
    # ok: python-sql-injection
    cursor.execute("SELECT * FROM sessions WHERE user = ?", (user,))
    # ok: python-sql-injection
    cursor.execute("SELECT * FROM sessions WHERE server = '" + environ["SERVER_NAME"] + "'")
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]


class LookupHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        slug = urlparse(self.path).path.rsplit("/", 1)[-1]
        cursor = db.cursor()
        # ruleid: python-sql-injection
        cursor.execute("SELECT * FROM pages WHERE slug = '" + slug + "'")
        # ok: python-sql-injection
        cursor.execute("SELECT * FROM pages WHERE slug = ?", (slug,))


SORTABLE = {"name", "created"}


@app.route("/guarded")
def guarded():
    cursor = db.cursor()
    column = request.args.get("sort", "")
    if column not in SORTABLE:
        abort(400)
    # ok: python-sql-injection
    cursor.execute("SELECT * FROM users ORDER BY " + column)
    table = request.args.get("table", "")
    if not re.fullmatch(r"[a-z0-9_]+", table):
        raise ValueError("bad table")
    # ok: python-sql-injection
    cursor.execute("SELECT * FROM " + table)
    loose = request.args.get("loose", "")
    if not re.fullmatch(r".+", loose):
        abort(400)
    # ruleid: python-sql-injection
    cursor.execute("SELECT * FROM " + loose)
    other = request.args.get("other", "")
    if other in SORTABLE:
        print("known")
    # ruleid: python-sql-injection
    cursor.execute("SELECT * FROM " + other)
    return "ok"


# Celery: the request data reaches the task through .delay().
from celery import Celery

celery_app = Celery("billing")


@celery_app.task(bind=True)
def record_note(self, account, note):
    # ruleid: python-sql-injection
    db.execute("INSERT INTO notes (account, note) VALUES (%d, '%s')" % (int(account), note))
    # ok: python-sql-injection
    db.execute("INSERT INTO notes (account, note) VALUES (?, ?)", (int(account), note))


@celery_app.task
def tag_account(account, tag):
    # ruleid: python-sql-injection
    db.execute("UPDATE accounts SET tag = '" + tag + "' WHERE id = ?", (int(account),))


@app.route("/notes", methods=["POST"])
def add_note():
    record_note.delay(request.form["account"], request.form["note"])
    tag_account.delay(1, request.form["tag"])
    return "", 202


def drain_ledger(brokers):
    from kafka import KafkaConsumer
    import boto3
    consumer = KafkaConsumer("ledger", bootstrap_servers=brokers)
    conn = sqlite3.connect("ledger.db")
    for message in consumer:
        account = message.value.decode()
        # ruleid: python-sql-injection
        conn.execute("UPDATE accounts SET touched = 1 WHERE ref = '%s'" % account)
        # ok: python-sql-injection
        conn.execute("UPDATE accounts SET touched = 1 WHERE ref = ?", (account,))
    queue = boto3.client("sqs")
    for item in queue.receive_message(QueueUrl="ledger-dlq").get("Messages", []):
        # ruleid: python-sql-injection
        conn.execute(f"DELETE FROM pending WHERE id = '{item['Body']}'")


def on_sqs(event, context):
    conn = sqlite3.connect("ledger.db")
    for record in event["Records"]:
        # ruleid: python-sql-injection
        conn.execute("INSERT INTO inbox VALUES ('" + record["body"] + "')")
