"""Back-office reporting views (Django)."""
import base64
import json
import logging
import os
import pickle

import psycopg2
from defusedxml import ElementTree as SafeET
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST
from lxml import etree

from .models import Report

logger = logging.getLogger("backoffice.reports")


def _warehouse():
    # ruleid: hardcoded-credentials
    return psycopg2.connect(host="warehouse.internal", dbname="analytics", user="reporting", password="R3p0rt!ng-2023")


def _warehouse_from_env():
    # ok: hardcoded-credentials
    return psycopg2.connect(host="warehouse.internal", dbname="analytics", user="reporting", password=os.environ["WAREHOUSE_PASSWORD"])


@login_required
@require_GET
def region_totals(request):
    region = request.GET.get("region", "emea")
    with connection.cursor() as c:
        # ruleid: sql-injection
        c.execute(f"SELECT product, SUM(amount) FROM sales WHERE region = '{region}' GROUP BY product")
        rows = c.fetchall()
    return JsonResponse({"region": region, "rows": rows})


@login_required
@require_GET
def reports_in_category(request, category):
    # ok: sql-injection
    reports = Report.objects.raw("SELECT * FROM reports_report WHERE category = %s", [category])
    return JsonResponse({"ids": [r.pk for r in reports]})


@login_required
@require_GET
def search_titles(request):
    q = request.GET.get("q", "")
    # ruleid: sql-injection
    found = Report.objects.extra(where=["title LIKE '%%" + q + "%%'"])
    return JsonResponse({"ids": list(found.values_list("pk", flat=True))})


@login_required
@require_GET
def warehouse_rows(request):
    table = request.GET.get("table", "")
    conn = _warehouse()
    cur = conn.cursor()
    table = "daily_rollup"
    # ok: sql-injection
    cur.execute("SELECT day, total FROM " + table + " ORDER BY day DESC LIMIT 30")
    return JsonResponse({"rows": cur.fetchall()})


@login_required
@require_GET
def search_banner(request):
    q = request.GET.get("q", "")
    # ruleid: cross-site-scripting
    return HttpResponse("<h1>Results for " + q + "</h1>")


@login_required
@require_GET
def search_banner_escaped(request):
    q = request.GET.get("q", "")
    # ok: cross-site-scripting
    return HttpResponse("<h1>Results for %s</h1>" % escape(q))


@login_required
@require_GET
def report_note(request, pk):
    note = request.GET.get("note", "")
    # ruleid: cross-site-scripting
    fragment = mark_safe("<p class='note'>" + note + "</p>")
    return HttpResponse(fragment)


@login_required
@require_GET
def report_note_safe(request, pk):
    note = request.GET.get("note", "")
    # ok: cross-site-scripting
    fragment = format_html("<p class='note'>{}</p>", note)
    return HttpResponse(fragment)


@login_required
@require_POST
def import_layout(request):
    parser = etree.XMLParser(resolve_entities=True, load_dtd=True, no_network=False)
    # ruleid: xml-external-entity
    root = etree.fromstring(request.body, parser)
    return JsonResponse({"columns": [c.get("name") for c in root.iter("column")]})


@login_required
@require_POST
def import_layout_safe(request):
    # ok: xml-external-entity
    root = SafeET.fromstring(request.body)
    return JsonResponse({"columns": [c.get("name") for c in root.iter("column")]})


@login_required
@require_GET
def saved_filters(request):
    blob = request.COOKIES.get("report_prefs")
    if not blob:
        return HttpResponseBadRequest("missing prefs")
    # ruleid: untrusted-deserialization
    prefs = pickle.loads(base64.b64decode(blob))
    return JsonResponse({"filters": prefs.get("filters", [])})


@login_required
@require_GET
def saved_filters_json(request):
    blob = request.COOKIES.get("report_prefs_v2", "e30=")
    # ok: untrusted-deserialization
    prefs = json.loads(base64.b64decode(blob))
    return JsonResponse({"filters": prefs.get("filters", [])})


@login_required
@require_POST
def export_report(request, pk):
    requested_by = request.POST.get("requested_by", "")
    # ruleid: log-injection
    logger.info("Report %s export requested by " + requested_by, pk)
    clean = requested_by.replace("\r", "").replace("\n", "")
    # ok: log-injection
    logger.info("Report %s export approved for %s", pk, clean)
    return JsonResponse({"status": "queued"})
