import base64
import json
import logging
import os
import pickle
import shlex
import subprocess as sp
import traceback
import uuid
import xml.sax
from urllib.parse import urlsplit

import boto3
import requests
import yaml
from defusedxml import ElementTree as SafeET
from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST
from lxml import etree

from .models import Report, ReportSchedule

logger = logging.getLogger(__name__)

RENDERERS = {"pdf": "/usr/local/bin/wkhtmltopdf", "png": "/usr/local/bin/wkhtmltoimage"}
FEED_HOSTS = ("feeds.example.com", "partners.example.com")
WORK_DIR = "/var/tmp/reports"

# ruleid: hardcoded-credentials
ARCHIVE_S3 = boto3.client("s3", aws_access_key_id="AKIAZ7QH3XKM2LDE4WTP", aws_secret_access_key="kQ9u1v+Yw3bS0mZp8rJt5GfE2nHc7LxD4aWs6VoB")
# ok: hardcoded-credentials
MAILER_PASSWORD = os.environ.get("REPORTS_SMTP_PASSWORD", "")


def _render_cmd(fmt, src, dst):
    binary = RENDERERS[fmt]
    return "{} --quiet {} {}".format(binary, src, dst)


@require_POST
def render_report(request, report_id):
    report = Report.objects.get(pk=report_id)
    fmt = request.POST.get("format", "pdf")
    if fmt not in RENDERERS:
        return HttpResponseBadRequest("unsupported format")
    dst = os.path.join(WORK_DIR, "%s.%s" % (uuid.uuid4().hex, fmt))
    # ok: os-command-injection
    sp.run([RENDERERS[fmt], "--quiet", report.source_url, dst], check=True, timeout=120)
    return FileResponse(open(dst, "rb"), as_attachment=True, filename="report-%d.%s" % (report.pk, fmt))


@require_POST
def render_adhoc(request):
    src = request.POST["source"]
    fmt = request.POST.get("format", "pdf")
    if fmt not in RENDERERS:
        return HttpResponseBadRequest("unsupported format")
    dst = os.path.join(WORK_DIR, uuid.uuid4().hex + "." + fmt)
    # ruleid: os-command-injection
    sp.run(_render_cmd(fmt, src, dst), shell=True, check=True, timeout=120)
    return FileResponse(open(dst, "rb"), as_attachment=True)


@require_POST
def archive_reports(request):
    label = request.POST.get("label", "archive")
    ids = [int(x) for x in request.POST.getlist("id")]
    paths = [r.output_path for r in Report.objects.filter(pk__in=ids)]
    out = os.path.join(WORK_DIR, "archive.tar.gz")
    cmd = "tar czf %s --transform %s %s" % (shlex.quote(out), shlex.quote("s,^,%s/," % label), " ".join(shlex.quote(p) for p in paths))
    # ok: os-command-injection
    os.system(cmd)
    return FileResponse(open(out, "rb"), as_attachment=True)


@require_GET
def report_title(request):
    title = request.GET.get("title", "")
    subtitle = request.GET.get("subtitle", "")
    header = format_html("<h1>{}</h1><h2>{}</h2>", title, subtitle)
    if request.GET.get("owner"):
        # ruleid: cross-site-scripting
        return HttpResponse(header + mark_safe("<footer>Generated for %s</footer>" % request.GET["owner"]))
    # ok: cross-site-scripting
    return HttpResponse(header)


@require_GET
def report_search(request):
    q = request.GET.get("q", "")
    hits = Report.objects.filter(title__icontains=q)[:50]
    if not hits:
        # ruleid: cross-site-scripting
        return HttpResponse("<p>No reports match <em>" + q + "</em></p>")
    items = "".join("<li>%s</li>" % escape(h.title) for h in hits)
    # ok: cross-site-scripting
    return HttpResponse("<ul>%s</ul><p>Results for %s</p>" % (items, escape(q)))


@require_POST
def import_schedule(request):
    body = request.body
    ctype = request.content_type
    if ctype == "application/x-yaml":
        # ok: untrusted-deserialization
        data = yaml.safe_load(body)
    elif ctype == "application/xml":
        # ok: xml-external-entity
        root = SafeET.fromstring(body)
        data = {child.tag: child.text for child in root}
    else:
        data = json.loads(body)
    sched = ReportSchedule.objects.create(report_id=int(data["report"]), cron=str(data["cron"]))
    return JsonResponse({"id": sched.pk})


@require_POST
def import_legacy_schedule(request):
    # ruleid: untrusted-deserialization
    data = yaml.load(request.body, Loader=yaml.Loader)
    sched = ReportSchedule.objects.create(report_id=int(data["report"]), cron=str(data["cron"]))
    return JsonResponse({"id": sched.pk})


@require_GET
def restore_filters(request):
    blob = request.COOKIES.get("report_filters")
    if not blob:
        return JsonResponse({"filters": {}})
    # ruleid: untrusted-deserialization
    filters = pickle.loads(base64.urlsafe_b64decode(blob))
    return JsonResponse({"filters": filters})


@require_POST
def upload_definition(request):
    payload = request.body
    strict = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    # ok: xml-external-entity
    doc = etree.fromstring(payload, parser=strict)
    if request.GET.get("expand") == "1":
        loose = etree.XMLParser(resolve_entities=True, load_dtd=True, no_network=False)
        # ruleid: xml-external-entity
        doc = etree.fromstring(payload, loose)
    return JsonResponse({"name": doc.findtext("name"), "columns": [c.text for c in doc.iter("column")]})


class _ColumnCounter(xml.sax.ContentHandler):
    def __init__(self):
        super().__init__()
        self.count = 0

    def startElement(self, name, attrs):
        if name == "column":
            self.count += 1


@require_POST
def count_columns(request):
    handler = _ColumnCounter()
    parser = xml.sax.make_parser()
    parser.setFeature(xml.sax.handler.feature_external_ges, True)
    parser.setContentHandler(handler)
    # ruleid: xml-external-entity
    parser.parse(request.FILES["definition"])
    return JsonResponse({"columns": handler.count})


@require_GET
def preview_feed(request):
    v = request.GET.get("feed", "")
    parts = urlsplit(v)
    if parts.scheme == "https" and parts.hostname in FEED_HOSTS:
        # ok: server-side-request-forgery
        r = requests.get(v, timeout=5)
        return HttpResponse(r.content, content_type="application/xml")
    raise Http404("unknown feed")


@require_GET
def proxy_chart(request):
    s = request.GET.get("src", "")
    host = urlsplit(s).hostname or ""
    if not host.endswith("example.com"):
        return HttpResponseBadRequest("bad chart host")
    # ruleid: server-side-request-forgery
    r = requests.get(s, timeout=5, headers={"User-Agent": "reports/1.0"})
    return HttpResponse(r.content, content_type="image/png")


@require_POST
def notify_webhook(request, report_id):
    report = Report.objects.get(pk=report_id)
    try:
        resp = requests.post(settings.REPORT_WEBHOOK_URL, json={"id": report.pk, "title": report.title}, timeout=5)
        resp.raise_for_status()
    except requests.RequestException as exc:
        logger.exception("webhook failed for report %s", report.pk)
        # ruleid: stack-trace-exposure
        return JsonResponse({"error": repr(exc), "trace": traceback.format_exc()}, status=502)
    return JsonResponse({"delivered": True})
