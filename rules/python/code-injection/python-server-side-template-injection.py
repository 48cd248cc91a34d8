import string

from flask import Flask, render_template_string, request
from jinja2 import Environment, Template
from jinja2.sandbox import SandboxedEnvironment

app = Flask(__name__)
env = Environment()


@app.route("/hello")
def hello():
    name = request.args.get("name", "guest")
    # ruleid: python-server-side-template-injection
    page = render_template_string("<h1>Hello " + name + "</h1>")
    # ok: python-server-side-template-injection
    safe = render_template_string("<h1>Hello {{ name }}</h1>", name=name)
    return page + safe


@app.route("/preview", methods=["POST"])
def preview():
    body = request.form["template"]
    # ruleid: python-server-side-template-injection
    rendered = Template(body).render()
    # ruleid: python-server-side-template-injection
    other = env.from_string(body).render()
    # ok: python-server-side-template-injection
    sandboxed = SandboxedEnvironment().from_string("{{ total }}").render(total=body)
    # ok: python-server-side-template-injection
    fixed = Template("Total: {{ total }}").render(total=body)
    # ok: python-server-side-template-injection
    text = string.Template(body).safe_substitute(total=1)
    return rendered + other + sandboxed + fixed
