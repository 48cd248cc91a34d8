"""accounts/views.py - login, directory lookup, password reset."""
import hashlib
import logging
import os
import random
import secrets
import traceback

import ldap3
from ldap3.utils.conv import escape_filter_chars
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect
from django.utils.html import escape, format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from .models import Account, AuditEvent

logger = logging.getLogger(__name__)

LDAP_URL = "ldaps://dir.corp.example.net"
LDAP_BASE = "ou=people,dc=corp,dc=example,dc=net"
# ruleid: hardcoded-credentials
LDAP_BIND_PASSWORD = "Svc-Ldap#2023!"
# ok: hardcoded-credentials
LDAP_BIND_PASSWORD_V2 = os.environ.get("LDAP_BIND_PASSWORD", "")
ORDERABLE = frozenset({"username", "date_joined", "last_login"})
VERBOSE_ERRORS = False


def _directory():
    return ldap3.Connection(ldap3.Server(LDAP_URL, use_ssl=True), "cn=svc-web,ou=svc,dc=corp,dc=example,dc=net", LDAP_BIND_PASSWORD_V2, auto_bind=True)


def _clean(v):
    return v.replace("\r", "\\r").replace("\n", "\\n")


def directory_lookup(request):
    uid = request.GET.get("uid", "")
    conn = _directory()
    # ruleid: ldap-injection
    conn.search(LDAP_BASE, "(&(objectClass=person)(uid=%s))" % uid, attributes=["cn", "mail"])
    people = [{"cn": str(e.cn), "mail": str(e.mail)} for e in conn.entries]
    return JsonResponse({"results": people})


def directory_lookup_safe(request):
    uid = request.GET.get("uid", "")
    conn = _directory()
    flt = "(&(objectClass=person)(uid={}))".format(escape_filter_chars(uid))
    # ok: ldap-injection
    conn.search(LDAP_BASE, flt, attributes=["cn", "mail"])
    return JsonResponse({"results": [str(e.cn) for e in conn.entries]})


def member_search(request):
    term = request.GET.get("q", "")
    order = request.GET.get("order", "username")
    with connection.cursor() as c:
        # ruleid: sql-injection
        c.execute(f"SELECT id, username FROM accounts_account WHERE username LIKE '{term}%'")
        rows = c.fetchall()
    if order not in ORDERABLE:
        order = "username"
    with connection.cursor() as c:
        # ok: sql-injection
        c.execute("SELECT id, username FROM accounts_account WHERE username LIKE %s ORDER BY " + order, ["%" + term + "%"])
        rows += c.fetchall()
    if not rows:
        # ruleid: cross-site-scripting
        return HttpResponse("<p>No members match <em>{}</em>.</p>".format(term))
    # ok: cross-site-scripting
    return HttpResponse(format_html("<p>{} members match <em>{}</em>.</p>", len(rows), term))


def accounts_by_team(request, team):
    region = request.GET.get("region", "eu")
    # ruleid: sql-injection
    qs = Account.objects.raw("SELECT * FROM accounts_account WHERE team = '%s'" % team)
    # ok: sql-injection
    qs2 = Account.objects.raw("SELECT * FROM accounts_account WHERE team = %s AND region = %s", [team, region])
    # ruleid: sql-injection
    active = Account.objects.filter(is_active=True).extra(where=["region = '" + region + "'"])
    # ok: sql-injection
    recent = Account.objects.extra(where=["region = %s"], params=[region]).order_by("-date_joined")[:10]
    names = [a.username for a in list(qs) + list(qs2) + list(active) + list(recent)]
    return JsonResponse({"team": team, "members": names})


def profile_card(request):
    s = request.GET.get("display", "")
    note = {"text": request.GET.get("note", "")}
    if request.GET.get("fmt") == "plain":
        # ok: cross-site-scripting
        return HttpResponse("Display name: " + escape(s))
    # ruleid: cross-site-scripting
    return HttpResponse(mark_safe("<div class='card'><h3>%s</h3><p>%s</p></div>" % (escape(s), note["text"])))


@require_POST
def login_view(request):
    username = request.POST.get("username", "")
    password = request.POST.get("password", "")
    acct = Account.objects.filter(username=username).first()
    # ruleid: insecure-hashing
    if acct is None or acct.legacy_hash != hashlib.md5(password.encode("utf-8")).hexdigest():
        # ruleid: log-injection
        logger.warning("failed login for user=%s from %s", username, request.META.get("REMOTE_ADDR"))
        return HttpResponse(status=401)
    # ok: insecure-hashing
    acct.password = make_password(password)
    acct.legacy_hash = ""
    acct.save(update_fields=["password", "legacy_hash"])
    # ok: log-injection
    logger.info("login ok for user=%s", _clean(username))
    nxt = request.POST.get("next", "/")
    fallback = request.POST.get("fallback", "/")
    # ok: open-redirect
    resp = HttpResponseRedirect(nxt) if url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}, require_https=True) else None
    if resp is None:
        if url_has_allowed_host_and_scheme(nxt, allowed_hosts=settings.ALLOWED_HOSTS):
            # ruleid: open-redirect
            resp = redirect(fallback)
        else:
            # ok: open-redirect
            resp = redirect("accounts:home")
    # ruleid: insecure-cookie
    resp.set_cookie("remember_token", secrets.token_hex(20), max_age=30 * 86400, httponly=True)
    return resp


@require_POST
def start_reset(request):
    email = request.POST.get("email", "").strip().lower()
    acct = Account.objects.filter(email=email).first()
    if acct is None:
        return JsonResponse({"sent": True})
    # ruleid: weak-random-number-generation
    code = "%06d" % random.randint(0, 999999)
    # ruleid: insecure-hashing
    acct.reset_code_hash = hashlib.sha1(code.encode()).hexdigest()
    acct.save(update_fields=["reset_code_hash"])
    AuditEvent.objects.create(account=acct, kind="reset_requested")
    return JsonResponse({"sent": True})


@require_POST
def start_reset_v2(request):
    acct = Account.objects.filter(email=request.POST.get("email", "").strip().lower()).first()
    if acct is None:
        return JsonResponse({"sent": True})
    # ok: weak-random-number-generation
    code = "%06d" % secrets.randbelow(1000000)
    # ok: insecure-hashing
    acct.reset_code_hash = hashlib.sha256((settings.SECRET_KEY + code).encode()).hexdigest()
    acct.save(update_fields=["reset_code_hash"])
    resp = JsonResponse({"sent": True})
    # ok: insecure-cookie
    resp.set_cookie("reset_pending", "1", max_age=900, secure=True, httponly=True, samesite="Strict")
    return resp


def export_audit(request):
    try:
        days = int(request.GET.get("days", "7"))
        events = AuditEvent.objects.filter(created__gte=AuditEvent.cutoff(days)).values_list("kind", flat=True)
        return JsonResponse({"events": list(events)})
    except ValueError:
        return HttpResponseBadRequest("days must be an integer")
    except Exception as exc:
        logger.exception("audit export failed")
        if VERBOSE_ERRORS:
            # ok: stack-trace-exposure
            return HttpResponse(traceback.format_exc(), content_type="text/plain", status=500)
        # ruleid: stack-trace-exposure
        return JsonResponse({"error": "export failed", "reason": repr(exc)}, status=500)
