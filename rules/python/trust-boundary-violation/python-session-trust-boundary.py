from django.contrib.auth import authenticate
from django.http import JsonResponse
from flask import Flask, abort, jsonify, request, session

from models import Account

app = Flask(__name__)
LANGUAGES = {"en", "de", "fr"}
DEFAULT_LANGUAGE = "en"


def remember_cart(items):
    # ruleid: python-session-trust-boundary
    session["cart"] = items


@app.route("/login", methods=["POST"])
def login():
    name = request.form["username"]
    account = Account.query.filter_by(username=name).first()
    if account is None or not account.check_password(request.form["password"]):
        abort(401)
    # ok: python-session-trust-boundary
    session["user_id"] = account.id
    # ruleid: python-session-trust-boundary
    session["role"] = request.form.get("role", "user")
    return jsonify(ok=True)


@app.route("/language")
def language():
    choice = request.args.get("lang", DEFAULT_LANGUAGE)
    # ok: python-session-trust-boundary
    session["lang"] = choice if choice in LANGUAGES else DEFAULT_LANGUAGE
    # ruleid: python-session-trust-boundary
    session["last_lang"] = choice
    # ok: python-session-trust-boundary
    session["page_size"] = int(request.args.get("size", "20"))
    return jsonify(lang=session["lang"])


@app.route("/cart", methods=["POST"])
def cart():
    payload = request.get_json()
    items = [{"sku": item["sku"], "qty": item["qty"]} for item in payload["items"]]
    remember_cart(items)
    # ok: python-session-trust-boundary
    remember_cart([])
    # ruleid: python-session-trust-boundary
    session.update({"coupon": payload.get("coupon")})
    return jsonify(count=len(items))


def django_login(request):
    user = authenticate(request, username=request.POST["username"], password=request.POST["password"])
    if user is None:
        return JsonResponse({"ok": False}, status=401)
    # ok: python-session-trust-boundary
    request.session["user_id"] = user.pk
    # ruleid: python-session-trust-boundary
    request.session["display_name"] = request.POST.get("display_name", user.get_username())
    return JsonResponse({"ok": True})


def switch_team(request, team_slug):
    team = Account.objects.get(slug=team_slug, members=request.user)
    # ok: python-session-trust-boundary
    request.session["team_id"] = team.id
    # ruleid: python-session-trust-boundary
    request.session["team_slug"] = team_slug
    return JsonResponse({"team": team.id})


class AccountAdapter:
    # Called by the framework with objects it has checked, not with URL arguments.
    def stash_user(self, request, user):
        # ok: python-session-trust-boundary
        request.session["pending_user"] = user

    def remember_email(self, request, email):
        # ok: python-session-trust-boundary
        request.session["verified_email"] = email


class TeamView(View):
    def get(self, request, team_slug):
        # ruleid: python-session-trust-boundary
        request.session["last_team"] = team_slug
        return JsonResponse({"team": team_slug})


class TeamViewSet(ViewSet):
    @action(detail=True, methods=["post"])
    def pin(self, request, pk=None):
        # ruleid: python-session-trust-boundary
        request.session["pinned"] = pk
        return Response({"pinned": pk})


def login_with_db_api(db):
    username = request.form["username"]
    row = db.execute("SELECT id, password FROM user WHERE username = ?", (username,)).fetchone()
    if row is None:
        return "unknown user", 400
    session.clear()
    # ok: python-session-trust-boundary
    session["user_id"] = row["id"]
    # ruleid: python-session-trust-boundary
    session["username"] = username
    return "ok"
