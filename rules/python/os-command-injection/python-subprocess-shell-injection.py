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
