import os

import sqlalchemy

# ruleid: credentials-in-url
engine = sqlalchemy.create_engine("postgresql+psycopg2://billing:B1ll-9qW!zt@billing-db/billing")
# ok: credentials-in-url
engine = sqlalchemy.create_engine(os.environ["BILLING_DATABASE_URL"])
# ruleid: credentials-in-url
BROKER_URL = "amqp://worker:W0rk3r-Pass7@rabbit:5672//"
# ok: credentials-in-url
RESULT_BACKEND = "redis://cache:6379/1"
# ok: credentials-in-url
CONTACT = "mailto:ops@billing.internal"
