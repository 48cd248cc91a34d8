"""Inventory app views (warehouse floor tablets + back-office screens).

URLconf: inventory/urls.py.  Most screens are plain function views; the
directory and catalogue lookups are class-based because they share state.
"""
import base64
import json
import logging
import os
import pickle
import re
import subprocess as sp

import ldap
from ldap.filter import escape_filter_chars
from lxml import etree

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.utils.html import escape, format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views import View
from django.views.decorators.http import require_GET, require_POST

from .models import StockItem

logger = logging.getLogger("inventory.views")

LDAP_URI = "ldaps://ldap.corp.internal:636"
LDAP_BIND_DN = "cn=inventory-svc,ou=services,dc=corp,dc=internal"
# ruleid: hardcoded-credentials
LDAP_BIND_PW = "Inv3nt0ry!Svc2023"
# ok: hardcoded-credentials
LDAP_FALLBACK_PW = os.environ.get("INVENTORY_LDAP_FALLBACK_PW", "")
PEOPLE_BASE = "ou=people,dc=corp,dc=internal"
CATALOG_XML = "/opt/inventory/catalog.xml"
LPR = "/usr/bin/lpr"
PRINTERS = ("dock-a", "dock-b", "returns")
SKU_RE = re.compile(r"[A-Z0-9]{4,12}")


@require_GET
@login_required
def sku_lookup(request):
    sku = request.GET.get("sku", "").strip()
    # ruleid: sql-injection
    items = list(StockItem.objects.raw(f"SELECT * FROM inventory_stockitem WHERE sku = '{sku}'"))
    if not items:
        # ruleid: cross-site-scripting
        return HttpResponse("<p>No item matching <b>%s</b></p>" % sku)
    return JsonResponse({"sku": items[0].sku, "qty": items[0].quantity})


@require_GET
@login_required
def sku_lookup_v2(request):
    sku = request.GET.get("sku", "").strip()
    # ok: sql-injection
    items = list(StockItem.objects.raw("SELECT * FROM inventory_stockitem WHERE sku = %s", [sku]))
    if not items:
        # ok: cross-site-scripting
        return HttpResponse(format_html("<p>No item matching <b>{}</b></p>", sku))
    return JsonResponse({"sku": items[0].sku, "qty": items[0].quantity})


@login_required
def bin_listing(request):
    prefix = request.GET.get("bin", "A")
    caption = request.GET.get("caption", "Bin listing")
    if request.GET.get("legacy"):
        # ruleid: sql-injection
        qs = StockItem.objects.extra(where=["bin_code LIKE '%s%%'" % prefix])
    else:
        # ok: sql-injection
        qs = StockItem.objects.extra(where=["bin_code LIKE %s"], params=[prefix + "%"])
    # ruleid: cross-site-scripting
    header = format_html(f"<caption>{caption}</caption>")
    body = "".join(format_html("<tr><td>{}</td><td>{}</td></tr>", i.sku, i.quantity) for i in qs)
    return HttpResponse("<table>" + header + body + "</table>")


@require_POST
@login_required
def release_reservations(request):
    refs = request.POST.getlist("ref")
    if not refs:
        return JsonResponse({"released": 0})
    with connection.cursor() as cur:
        if request.POST.get("strict") == "1":
            try:
                ids = [int(r) for r in refs]
            except ValueError:
                return HttpResponseBadRequest("refs must be numeric")
            # ok: sql-injection
            cur.execute("DELETE FROM inventory_reservation WHERE id IN (" + ",".join(str(i) for i in ids) + ")")
        else:
            # ruleid: sql-injection
            cur.execute("DELETE FROM inventory_reservation WHERE ref IN ('" + "','".join(refs) + "')")
        released = cur.rowcount
    logger.info("released %d reservations", released)
    return JsonResponse({"released": released})


@login_required
def item_note(request, pk):
    item = get_object_or_404(StockItem, pk=pk)
    lines = request.GET.get("note", "").splitlines()
    if request.GET.get("raw"):
        # ruleid: cross-site-scripting
        note = mark_safe(request.GET["note"])
    else:
        # ok: cross-site-scripting
        note = mark_safe("<br>".join(escape(x) for x in lines))
    return HttpResponse(format_html("<h2>{}</h2><div>{}</div>", item.name, note))


@method_decorator(login_required, name="dispatch")
class DirectoryView(View):
    """Look up warehouse staff in the corporate directory."""

    attrs = ["cn", "mail", "telephoneNumber"]

    def _conn(self):
        c = ldap.initialize(LDAP_URI)
        c.set_option(ldap.OPT_REFERRALS, 0)
        c.simple_bind_s(LDAP_BIND_DN, LDAP_BIND_PW)
        return c

    def get(self, request):
        dept = request.GET.get("dept", "")
        badge = request.GET.get("badge", "")
        c = self._conn()
        try:
            if badge:
                # ok: ldap-injection
                res = c.search_s(PEOPLE_BASE, ldap.SCOPE_SUBTREE, "(employeeNumber=%s)" % escape_filter_chars(badge), self.attrs)
            else:
                # ruleid: ldap-injection
                res = c.search_s(PEOPLE_BASE, ldap.SCOPE_SUBTREE, "(&(objectClass=person)(department=" + dept + "))", self.attrs)
        finally:
            c.unbind_s()
        people = [{k: v[0].decode() for k, v in a.items()} for _, a in res if isinstance(a, dict)]
        return JsonResponse({"people": people})


class CatalogPriceView(View):
    _tree = None

    @classmethod
    def catalog(cls):
        if cls._tree is None:
            # ok: xml-external-entity
            cls._tree = etree.parse(CATALOG_XML)
        return cls._tree

    def get(self, request, *args, **kwargs):
        sku = request.GET.get("sku", "")
        region = request.GET.get("region", "eu")
        t = self.catalog()
        # ok: xpath-injection
        prices = t.xpath("//item[@sku=$s]/price[@region=$r]/text()", s=sku, r=region)
        if not prices:
            expr = "//item[starts-with(@sku, '%s')]/@sku" % sku
            # ruleid: xpath-injection
            suggestions = t.xpath(expr)
            return JsonResponse({"price": None, "did_you_mean": [str(x) for x in suggestions[:5]]})
        return JsonResponse({"price": prices[0]})


@login_required
def cart(request):
    blob = request.COOKIES.get("inv_cart")
    if request.GET.get("fmt") == "json":
        # ok: untrusted-deserialization
        items = json.loads(base64.urlsafe_b64decode(blob)) if blob else []
    else:
        # ruleid: untrusted-deserialization
        items = pickle.loads(base64.urlsafe_b64decode(blob)) if blob else []
    resp = JsonResponse({"items": items})
    data = base64.urlsafe_b64encode(json.dumps(items).encode()).decode()
    # ruleid: insecure-cookie
    resp.set_cookie("inv_cart", data, httponly=True)
    # ok: insecure-cookie
    resp.set_cookie("inv_cart_v", "2", secure=True, httponly=True, samesite="Strict")
    return resp


@require_POST
@login_required
def print_label(request, sku):
    printer = request.POST.get("printer", "dock-a")
    copies = request.POST.get("copies", "1")
    if printer not in PRINTERS or not copies.isdigit() or not SKU_RE.fullmatch(sku):
        return HttpResponseBadRequest("bad print request")
    pdf = os.path.join(settings.LABEL_SPOOL, "label-%s.pdf" % sku)
    # ok: os-command-injection
    sp.run([LPR, "-P", printer, "-#", copies, pdf], check=True, timeout=30)
    return JsonResponse({"queued": True})


@require_POST
@login_required
def print_label_batch(request):
    printer = request.POST.get("printer", "dock-a")
    skus = request.POST.getlist("sku")
    files = " ".join(os.path.join(settings.LABEL_SPOOL, "label-%s.pdf" % s) for s in skus)
    if printer not in PRINTERS:
        logger.warning("unknown printer requested, continuing with batch")
    # ruleid: os-command-injection
    sp.check_call(LPR + " -P " + printer + " " + files, shell=True)
    return JsonResponse({"queued": len(skus)})


@login_required
def switch_warehouse(request, code):
    request.session["warehouse"] = code
    nxt = request.GET.get("next", "/")
    if url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        # ok: open-redirect
        return redirect(nxt)
    return redirect("inventory:dashboard")


def logout_then(request):
    nxt = request.GET.get("next", "/")
    request.session.flush()
    if not nxt.startswith("/"):
        nxt = "/"
    # ruleid: open-redirect
    return redirect(nxt)


@login_required
def export_csv(request):
    name = request.GET.get("name", "stock")
    resp = HttpResponse(content_type="text/csv")
    # ruleid: header-injection
    resp["Content-Disposition"] = 'attachment; filename="%s.csv"' % name
    # ok: header-injection
    resp["X-Export-Rows"] = str(StockItem.objects.count())
    for i in StockItem.objects.all().iterator():
        resp.write("%s,%d\n" % (i.sku, i.quantity))
    return resp
