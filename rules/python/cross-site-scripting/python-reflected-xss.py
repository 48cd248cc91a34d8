import html

import bleach
import tornado.escape
import tornado.web
from django.http import HttpResponse, JsonResponse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from flask import Flask, Markup, jsonify, make_response, render_template, render_template_string, request
from markupsafe import escape

app = Flask(__name__)
BANNER = "<h1>Welcome</h1>"


def greeting(name):
    return "<p>Hello, " + name + "!</p>"


def page(body):
    # ruleid: python-reflected-xss
    return make_response("<html><body>" + body + "</body></html>")


@app.route("/hello")
def hello():
    name = request.args.get("name", "guest")
    # ruleid: python-reflected-xss
    return Markup(greeting(name))


@app.route("/hello/safe")
def hello_safe():
    name = request.args.get("name", "guest")
    # ok: python-reflected-xss
    return Markup(greeting(escape(name)))


@app.route("/search")
def search():
    query = request.args.get("q", "")
    if not query:
        # ok: python-reflected-xss
        return BANNER + "<p>Type something</p>"
    # ruleid: python-reflected-xss
    return f"<h2>Results for {query}</h2>"


@app.route("/search/escaped")
def search_escaped():
    query = html.escape(request.args.get("q", ""))
    # ok: python-reflected-xss
    return f"<h2>Results for {query}</h2>"


@app.route("/profile/<username>")
def profile(username):
    # ok: python-reflected-xss
    return render_template("profile.html", username=username)


@app.route("/card", methods=["POST"])
def card():
    title = request.form["title"]
    template = "<div class='card'>{{ user }}: " + title + "</div>"
    # ruleid: python-reflected-xss
    return render_template_string(template, user="me")


@app.route("/card/safe", methods=["POST"])
def card_safe():
    # ok: python-reflected-xss
    return render_template_string("<div class='card'>{{ title }}</div>", title=request.form["title"])


@app.route("/preview", methods=["POST"])
def preview():
    text = request.get_json()["text"]
    page("<article>%s</article>" % text)
    # ok: python-reflected-xss
    page(bleach.clean(text))
    # ok: python-reflected-xss
    return make_response(jsonify(text=text))


@app.route("/count")
def count():
    limit = int(request.args.get("limit", "10"))
    # ok: python-reflected-xss
    return "<p>Showing {} items</p>".format(limit)


def comment(request, post_id):
    body = request.POST.get("body", "")
    # ruleid: python-reflected-xss
    return HttpResponse("<p>Comment on %s: %s</p>" % (post_id, body))


def comment_safe(request, post_id):
    body = request.POST.get("body", "")
    # ok: python-reflected-xss
    return HttpResponse(format_html("<p>Comment on {}: {}</p>", post_id, body))


def comment_text(request):
    # ok: python-reflected-xss
    return HttpResponse(request.GET.get("body", ""), content_type="text/plain")


def badge(request):
    label = request.GET["label"]
    # ruleid: python-reflected-xss
    snippet = mark_safe("<span class='badge'>" + label + "</span>")
    return JsonResponse({"html": str(snippet)})



class SearchPage(tornado.web.RequestHandler):
    def get(self):
        term = self.get_argument("q", "")
        # ruleid: python-reflected-xss
        self.write("<h2>Results for " + term + "</h2>")
        # ok: python-reflected-xss
        self.write({"query": term})
        # ok: python-reflected-xss
        self.finish("<p>" + tornado.escape.xhtml_escape(term) + "</p>")


def wsgi_search(environ, start_response):
    term = environ.get("QUERY_STRING", "")
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
    # ruleid: python-reflected-xss
    return [("<p>You searched for " + term + "</p>").encode("utf-8")]


def wsgi_search_escaped(environ, start_response):
    term = environ.get("QUERY_STRING", "")
    start_response("200 OK", [("Content-Type", "text/html")])
    # ok: python-reflected-xss
    return [("<p>You searched for " + html.escape(term) + "</p>").encode("utf-8")]


def wsgi_search_text(environ, start_response):
    term = environ.get("QUERY_STRING", "")
    start_response("200 OK", [("Content-Type", "text/plain")])
    # ok: python-reflected-xss
    return [term.encode("utf-8")]
