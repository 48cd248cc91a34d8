"""Partner integration endpoints (FastAPI)."""
import ast
import os

import httpx
import requests
import yaml
from fastapi import Body, FastAPI, Header, HTTPException, Query, Request
from pymongo import MongoClient

app = FastAPI(title="partner-gateway")

mongo = MongoClient(os.environ.get("MONGO_URL", "mongodb://localhost:27017"))
partners = mongo["integrations"]["partners"]

WEBHOOK_TARGETS = {
    "billing": "https://billing.internal.example.com/hooks/partner",
    "crm": "https://crm.internal.example.com/api/v2/events",
}
INTERNAL_CA = "/etc/ssl/certs/internal-ca.pem"
ENABLE_DEBUG_EVAL = False


class PartnerGateway:
    def __init__(self):
        self.client = requests.Session()

    def preview(self, url):
        # ruleid: server-side-request-forgery
        return self.client.get(url, timeout=5)

    def notify(self, target_name, payload):
        target = WEBHOOK_TARGETS.get(target_name)
        if target is None:
            raise HTTPException(status_code=404, detail="unknown target")
        # ok: server-side-request-forgery
        return self.client.post(target, json=payload, timeout=5)


gateway = PartnerGateway()


@app.get("/partners/preview")
def preview_partner_page(url: str = Query(...)):
    resp = gateway.preview(url)
    return {"status": resp.status_code, "length": len(resp.content)}


@app.post("/partners/notify/{target_name}")
def notify_partner(target_name: str, payload: dict = Body(...)):
    resp = gateway.notify(target_name, payload)
    return {"status": resp.status_code}


@app.post("/partners/{partner_id}/sync")
def sync_partner(partner_id: str, x_request_id: str = Header("")):
    # ruleid: improper-certificate-validation
    resp = requests.post("https://partners.example.com/api/sync", json={"id": partner_id}, verify=False)
    # ok: improper-certificate-validation
    status = requests.post("https://partners.example.com/api/status", json={"id": partner_id}, verify=INTERNAL_CA)
    return {"sync": resp.status_code, "status": status.status_code, "request_id": x_request_id}


@app.get("/partners/{partner_id}/health")
async def partner_health(partner_id: str):
    # ruleid: improper-certificate-validation
    async with httpx.AsyncClient(verify=False) as client:
        resp = await client.get("https://partners.example.com/api/health/" + partner_id)
    return {"healthy": resp.status_code == 200}


@app.post("/pricing/evaluate")
async def evaluate_pricing(request: Request):
    data = await request.json()
    formula = data["formula"]
    # ruleid: code-injection
    price = eval(formula, {"__builtins__": {}}, {"base": 100})
    return {"price": price}


@app.post("/pricing/constants")
async def parse_pricing_constants(request: Request):
    data = await request.json()
    # ok: code-injection
    constants = ast.literal_eval(data["constants"])
    if ENABLE_DEBUG_EVAL:
        # ok: code-injection
        exec(data["debug"])
    return {"constants": constants}


@app.post("/partners/lookup")
async def lookup_partner(request: Request):
    body = await request.json()
    # ruleid: nosql-injection
    doc = partners.find_one({"api_key": body["api_key"]})
    return {"found": doc is not None}


@app.post("/partners/lookup/v2")
async def lookup_partner_v2(request: Request):
    body = await request.json()
    api_key = str(body.get("api_key", ""))
    # ok: nosql-injection
    doc = partners.find_one({"api_key": api_key})
    return {"found": doc is not None}


@app.get("/partners/by-region")
def partners_by_region(region: str = Query(...)):
    # ruleid: nosql-injection
    cursor = partners.find({"$where": "this.region == '" + region + "'"})
    return {"names": [p["name"] for p in cursor]}


@app.post("/partners/import")
async def import_partner_config(request: Request):
    raw = await request.body()
    # ruleid: untrusted-deserialization
    config = yaml.load(raw, Loader=yaml.Loader)
    return {"keys": sorted(config.keys())}


@app.post("/partners/import/v2")
async def import_partner_config_v2(request: Request):
    raw = await request.body()
    # ok: untrusted-deserialization
    config = yaml.safe_load(raw)
    return {"keys": sorted(config.keys())}
