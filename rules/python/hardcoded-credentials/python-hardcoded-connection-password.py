import os

import psycopg2
import redis

# ruleid: python-hardcoded-connection-password
db = psycopg2.connect(host="db", user="app", password="s3cr3t-Passw0rd")
# ruleid: python-hardcoded-connection-password
cache = redis.Redis(host="cache", password="hunter2hunter2")
# ok: python-hardcoded-connection-password
db2 = psycopg2.connect(host="db", user="app", password=os.environ["DB_PASSWORD"])
# ok: python-hardcoded-connection-password
cache2 = redis.Redis(host="cache")
