import asyncio
import os
import shlex
import subprocess
import subprocess as sp
from os import system as run_shell
from subprocess import Popen

from flask import Flask, jsonify, request

app = Flask(__name__)
CONVERT = "/usr/bin/convert"
VERBOSE = False


def thumbnail_command(source, width):
    return f"{CONVERT} {source} -resize {width}x thumb.png"


def run_in_shell(command):
    # ruleid: python-subprocess-shell-injection
    return subprocess.check_output(command, shell=True)


@app.route("/thumbnail", methods=["POST"])
def thumbnail():
    source = request.form["path"]
    width = request.form.get("width", "128")
    # ruleid: python-subprocess-shell-injection
    subprocess.run(thumbnail_command(source, width), shell=True, check=True)
    # ok: python-subprocess-shell-injection
    subprocess.run([CONVERT, source, "-resize", f"{width}x", "thumb.png"], check=True)
    # ok: python-subprocess-shell-injection
    subprocess.run(thumbnail_command(shlex.quote(source), int(width)), shell=True, check=True)
    return jsonify(ok=True)


@app.route("/ping")
def ping():
    host = request.args.get("host", "localhost")
    # ruleid: python-subprocess-shell-injection
    status = os.system("ping -c 1 " + host)
    # ok: python-subprocess-shell-injection
    os.system("ping -c 1 localhost")
    # ok: python-subprocess-shell-injection
    os.system("ping -c 1 %s" % shlex.quote(host))
    return jsonify(status=status)


@app.route("/logs/<service>")
def logs(service):
    lines = []
    # ruleid: python-subprocess-shell-injection
    with os.popen("journalctl -u {} -n 50".format(service)) as pipe:
        lines.extend(pipe.readlines())
    # ruleid: python-subprocess-shell-injection
    output = subprocess.getoutput("systemctl status %s" % service)
    # ok: python-subprocess-shell-injection
    proc = Popen(["journalctl", "-u", service], stdout=subprocess.PIPE)
    if VERBOSE:
        # ok: python-subprocess-shell-injection
        Popen("echo " + service, shell=True)
    return jsonify(lines=lines, status=output, pid=proc.pid)


@app.route("/archive", methods=["POST"])
def archive():
    names = []
    for item in request.json["files"]:
        names.append(item["name"])
    command = "tar czf backup.tgz " + " ".join(names)
    # ruleid: python-subprocess-shell-injection
    Popen(command, shell=True).wait()
    run_in_shell("tar czf backup.tgz " + request.json["dir"])
    # ok: python-subprocess-shell-injection
    run_in_shell("tar czf backup.tgz /var/data")
    return jsonify(ok=True)


def main():
    target = input("directory to list: ")
    # ruleid: python-subprocess-shell-injection
    subprocess.call("ls -la " + target, shell=True)
    # ok: python-subprocess-shell-injection
    subprocess.call(["ls", "-la", target])
    # ok: python-subprocess-shell-injection
    subprocess.call("ls -la " + target, shell=False)


@app.route("/aliases")
def aliases():
    v = request.args.get("v", "")
    # ruleid: python-subprocess-shell-injection
    sp.run("grep " + v + " app.log", shell=True)
    # ruleid: python-subprocess-shell-injection
    run_shell("tail " + v)
    # ok: python-subprocess-shell-injection
    sp.run(["grep", "--", v, "app.log"])
    # ok: python-subprocess-shell-injection
    run_shell("uptime")
    return "ok"


class ResizeHandler(tornado.web.RequestHandler):
    def post(self):
        size = self.get_body_argument("size")
        # ruleid: python-subprocess-shell-injection
        subprocess.run("convert in.png -resize " + size + " out.png", shell=True)
        # ok: python-subprocess-shell-injection
        subprocess.run(["convert", "in.png", "-resize", size, "out.png"])


class ShellSocket(tornado.websocket.WebSocketHandler):
    def on_message(self, message):
        # ruleid: python-subprocess-shell-injection
        os.system("echo " + message + " >> /var/log/chat.log")
        # ok: python-subprocess-shell-injection
        os.system("date >> /var/log/chat.log")


async def aiohttp_trace(request):
    form = await request.post()
    # ruleid: python-subprocess-shell-injection
    trace = subprocess.check_output("traceroute " + form["host"], shell=True)
    # ok: python-subprocess-shell-injection
    other = subprocess.check_output(["traceroute", form["host"]])
    return web.json_response({"trace": trace.decode(), "other": other.decode()})


async def starlette_dig(request):
    form = await request.form()
    # ruleid: python-subprocess-shell-injection
    subprocess.check_output(f"dig {form['domain']}", shell=True)
    # ok: python-subprocess-shell-injection
    subprocess.check_output(["dig", form["domain"]])


def wsgi_backup(environ, start_response):
    length = int(environ.get("CONTENT_LENGTH") or 0)
    target = environ["wsgi.input"].read(length).decode()
    # ruleid: python-subprocess-shell-injection
    subprocess.call("tar czf /tmp/backup.tgz " + target, shell=True)
    # ok: python-subprocess-shell-injection
    subprocess.call("tar czf /tmp/backup.tgz /srv/data --exclude-size=%d" % length, shell=True)
    start_response("202 Accepted", [])
    return [b""]


def handler(event, context):
    job = json.loads(event.get("body") or "{}")
    # ruleid: python-subprocess-shell-injection
    subprocess.run("ffmpeg -i " + job["url"] + " out.mp4", shell=True)
    # ok: python-subprocess-shell-injection
    subprocess.run("ffmpeg -version", shell=True)


class PingHandler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        host = self.headers.get("X-Target", "localhost")
        # ruleid: python-subprocess-shell-injection
        os.system("ping -c 1 " + host)
        # ok: python-subprocess-shell-injection
        os.system("ping -c 1 localhost")


@app.route("/convert", methods=["POST"])
async def convert():
    name = request.form["name"]
    # ruleid: python-subprocess-shell-injection
    proc = await asyncio.create_subprocess_shell("convert " + name + " out.png")
    await proc.wait()
    # ok: python-subprocess-shell-injection
    proc = await asyncio.create_subprocess_shell("convert " + shlex.quote(name) + " out.png")
    await proc.wait()
    # ok: python-subprocess-shell-injection
    proc = await asyncio.create_subprocess_exec("convert", name, "out.png")
    return jsonify(code=await proc.wait())
