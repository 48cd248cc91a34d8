"""Django views of a clinic portal: patients, appointments, documents and the staff area."""
import hashlib
import hmac
import logging
import os
import pickle
import secrets
import subprocess
import tarfile
import zipfile
from xml.dom import minidom

import jwt
import ldap
import requests
import yaml
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models.expressions import RawSQL
from django.http import FileResponse, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.template import Context, Template
from django.utils.html import escape, format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from lxml import etree

from .models import Appointment, Patient

logger = logging.getLogger("clinic")
DOCUMENT_ROOT = "/srv/clinic/documents"
ORDERINGS = {"name": "last_name", "date": "created_at"}
directory = ldap.initialize("ldaps://ldap.clinic.example")


def _search_clause(term):
    return "last_name LIKE '%%" + term + "%%'"


@login_required
def patient_search(request):
    term = request.GET.get("q", "")
    # ruleid: sql-injection
    patients = Patient.objects.raw("SELECT * FROM clinic_patient WHERE " + _search_clause(term))
    # ok: sql-injection
    safe = Patient.objects.raw("SELECT * FROM clinic_patient WHERE last_name LIKE %s", ["%" + term + "%"])
    ordering = ORDERINGS.get(request.GET.get("order"), "last_name")
    # ok: sql-injection
    ordered = Patient.objects.order_by(ordering)
    with connection.cursor() as cursor:
        # ruleid: sql-injection
        cursor.execute("SELECT id FROM clinic_patient WHERE ward = '%s'" % request.GET["ward"])
        page = int(request.GET.get("page", 1))
        # ok: sql-injection
        cursor.execute("SELECT id FROM clinic_patient LIMIT 20 OFFSET %d" % ((page - 1) * 20))
        # ok: sql-injection
        cursor.execute("SELECT id FROM clinic_patient WHERE ward = %s", [request.GET["ward"]])
    # ruleid: sql-injection
    annotated = Patient.objects.annotate(score=RawSQL("SELECT COUNT(*) FROM visits WHERE note LIKE '" + term + "'", []))
    # ruleid: cross-site-scripting
    header = mark_safe("<h2>Results for " + term + "</h2>")
    # ok: cross-site-scripting
    safe_header = format_html("<h2>Results for {}</h2>", term)
    # ruleid: log-injection
    logger.info("patient search: " + term)
    # ok: log-injection
    logger.info("patient search: %r", term)
    return render(request, "search.html", {"p": patients, "s": safe, "o": ordered, "a": annotated, "h": header, "sh": safe_header})


def appointment_note(request, appointment_id):
    note = request.POST.get("note", "")
    # ruleid: cross-site-scripting
    return HttpResponse("<p>Saved: " + note + "</p>")


def appointment_note_safe(request, appointment_id):
    note = request.POST.get("note", "")
    # ok: cross-site-scripting
    return HttpResponse("<p>Saved: " + escape(note) + "</p>")


def letter_preview(request):
    body = request.POST["letter"]
    # ruleid: code-injection
    rendered = Template(body).render(Context({"clinic": "North"}))
    # ok: code-injection
    fixed = Template("Dear {{ name }},").render(Context({"name": body}))
    return HttpResponse(escape(rendered) + escape(fixed))


class DocumentView(View):
    def get(self, request, name):
        # ruleid: path-traversal
        handle = open(os.path.join(DOCUMENT_ROOT, name), "rb")
        # ok: path-traversal
        clean = open(os.path.join(DOCUMENT_ROOT, os.path.basename(name)), "rb")
        handle.close()
        return FileResponse(clean)

    def post(self, request, name):
        archive = request.FILES["archive"]
        with zipfile.ZipFile(archive) as bundle:
            # ruleid: zip-bomb
            bundle.extractall(DOCUMENT_ROOT)
        with tarfile.open(fileobj=archive) as tar:
            # ok: zip-bomb
            tar.extractall(DOCUMENT_ROOT, filter="data")
        return JsonResponse({"ok": True})


def login_redirect(request):
    target = request.GET.get("next", "/")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        # ok: open-redirect
        return HttpResponseRedirect(target)
    # ruleid: open-redirect
    return redirect(request.GET.get("fallback"))


# ruleid: cross-site-request-forgery
@csrf_exempt
def lab_results_webhook(request):
    payload = request.body
    signature = request.headers.get("X-Signature", "")
    expected_signature = hmac.new(settings.LAB_KEY.encode(), payload, hashlib.sha256).hexdigest()
    # ruleid: timing-attack
    if signature == expected_signature:
        pass
    # ok: timing-attack
    if not hmac.compare_digest(signature, expected_signature):
        return HttpResponse(status=403)
    # ruleid: untrusted-deserialization
    results = pickle.loads(payload)
    # ok: untrusted-deserialization
    metadata = yaml.safe_load(request.headers.get("X-Meta", "{}"))
    # ruleid: untrusted-deserialization
    legacy = yaml.load(payload, Loader=yaml.Loader)
    return JsonResponse({"n": len(results), "m": metadata, "l": legacy})


def staff_lookup(request):
    uid = request.GET["uid"]
    # ruleid: ldap-injection
    directory.search_s("ou=staff,dc=clinic", ldap.SCOPE_SUBTREE, "(uid=" + uid + ")")
    # ok: ldap-injection
    directory.search_s("ou=staff,dc=clinic", ldap.SCOPE_SUBTREE, "(uid=" + ldap.filter.escape_filter_chars(uid) + ")")
    # ok: improper-authentication
    directory.simple_bind_s("cn=portal,dc=clinic", os.environ["LDAP_PASSWORD"])
    # ruleid: improper-authentication
    directory.simple_bind_s("cn=portal,dc=clinic", "")
    return JsonResponse({})


def ward_xml(request):
    tree = etree.parse("/srv/clinic/wards.xml")
    ward = request.GET["ward"]
    # ruleid: xpath-injection
    beds = tree.xpath("//ward[@name='" + ward + "']/bed")
    # ok: xpath-injection
    same = tree.xpath("//ward[@name=$name]/bed", name=ward)
    # ruleid: xml-external-entity
    parser = etree.XMLParser(resolve_entities=True)
    # ok: xml-external-entity
    strict = etree.XMLParser(resolve_entities=False, no_network=True)
    doc = etree.fromstring(request.body, parser if beds else strict)
    # ok: xml-external-entity
    info = minidom.parseString(b"<ward/>")
    return JsonResponse({"beds": len(beds), "same": len(same), "doc": doc.tag, "info": info.nodeName})


def export_report(request):
    report = request.GET.get("report", "daily")
    # ruleid: os-command-injection
    subprocess.call("generate-report --name " + report, shell=True)
    # ok: os-command-injection
    subprocess.call(["generate-report", "--name", report])
    # ruleid: server-side-request-forgery
    requests.get(request.GET["callback"], timeout=5)
    # ok: server-side-request-forgery
    requests.get("https://reports.clinic.example/api/ready", timeout=5)
    return JsonResponse({})


def staff_token(request):
    # ruleid: improper-authentication
    claims = jwt.decode(request.COOKIES["staff"], options={"verify_signature": False})
    # ok: improper-authentication
    verified = jwt.decode(request.COOKIES["staff"], settings.JWT_KEY, algorithms=["HS256"])
    # ruleid: hardcoded-credentials
    token = jwt.encode({"sub": claims["sub"]}, "clinic-dev-secret", algorithm="HS256")
    # ok: hardcoded-credentials
    fresh = jwt.encode({"sub": verified["sub"]}, settings.JWT_KEY, algorithm="HS256")
    # ok: weak-random-number-generation
    nonce = secrets.token_urlsafe(16)
    response = JsonResponse({"token": token, "fresh": fresh, "nonce": nonce})
    # ruleid: insecure-cookie
    response.set_cookie("staff", fresh, secure=True, httponly=False)
    # ok: insecure-cookie
    response.set_cookie("staff", fresh, secure=True, httponly=True, samesite="Strict")
    # ruleid: cross-site-request-forgery
    response.set_cookie("embed", "1", secure=True, samesite="None")
    return response
