import os
import shutil
import uuid

from flask import Flask, request
from werkzeug.utils import secure_filename

app = Flask(__name__)
ARCHIVE = "/srv/archive"


@app.route("/archive", methods=["POST"])
def archive():
    name = request.form["name"]
    # ruleid: python-tainted-file-operation
    shutil.move("/srv/inbox/current.csv", os.path.join(ARCHIVE, name))
    # ruleid: python-tainted-file-operation
    os.makedirs(request.form["folder"])
    # ok: python-tainted-file-operation
    shutil.copy("/srv/inbox/current.csv", os.path.join(ARCHIVE, secure_filename(name)))
    # ok: python-tainted-file-operation
    os.rename("/srv/inbox/current.csv", os.path.join(ARCHIVE, str(uuid.uuid4())))
    # ok: python-tainted-file-operation
    shutil.rmtree("/srv/inbox/tmp")
    return "moved"
