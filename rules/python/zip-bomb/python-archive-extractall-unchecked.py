import tarfile
import zipfile

with zipfile.ZipFile("upload.zip") as archive:
    # ruleid: python-archive-extractall-unchecked
    archive.extractall("/srv/extracted")
with tarfile.open("upload.tar.gz") as archive:
    # ruleid: python-archive-extractall-unchecked
    archive.extractall("/srv/extracted")
with tarfile.open("upload.tar.gz") as archive:
    # ok: python-archive-extractall-unchecked
    archive.extractall("/srv/extracted", filter="data")
