import shlex

import paramiko
from flask import Flask, request

app = Flask(__name__)
ssh = paramiko.SSHClient()


@app.route("/logs")
def logs():
    service = request.args.get("service", "web")
    # ruleid: python-paramiko-exec-command-injection
    ssh.exec_command("journalctl -u " + service + " -n 100")
    # ok: python-paramiko-exec-command-injection
    ssh.exec_command("journalctl -u " + shlex.quote(service) + " -n 100")
    # ok: python-paramiko-exec-command-injection
    ssh.exec_command("uptime")
    return "ok"
