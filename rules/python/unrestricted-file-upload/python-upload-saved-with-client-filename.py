import os
import uuid

from flask import Flask, request
from werkzeug.utils import secure_filename

app = Flask(__name__)
UPLOADS = "/srv/uploads"


@app.route("/upload", methods=["POST"])
def upload():
    file = request.files["document"]
    # ruleid: python-upload-saved-with-client-filename
    file.save(os.path.join(UPLOADS, file.filename))
    name = file.filename
    # ruleid: python-upload-saved-with-client-filename
    file.save(UPLOADS + "/" + name)
    # ok: python-upload-saved-with-client-filename
    file.save(os.path.join(UPLOADS, secure_filename(file.filename)))
    # ok: python-upload-saved-with-client-filename
    file.save(os.path.join(UPLOADS, str(uuid.uuid4())))
    return "saved"


async def store_upload(upload, folder):
    data = await upload.read()
    # ruleid: python-upload-saved-with-client-filename
    with open(os.path.join(folder, upload.filename), "wb") as out:
        out.write(data)
    # ok: python-upload-saved-with-client-filename
    with open(os.path.join(folder, upload.filename), "rb") as existing:
        existing.read()
    # ok: python-upload-saved-with-client-filename
    with open(os.path.join(folder, uuid.uuid4().hex), "wb") as out:
        out.write(data)
