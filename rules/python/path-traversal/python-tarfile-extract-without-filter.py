import tarfile
import tarfile as tf_mod
import zipfile


def unpack(src, dest):
    with tarfile.open(src) as archive:
        # ruleid: python-tarfile-extract-without-filter
        archive.extractall(dest)
    bundle = tf_mod.open(src, "r:gz")
    # ruleid: python-tarfile-extract-without-filter
    bundle.extractall(path=dest, filter="fully_trusted")
    # ruleid: python-tarfile-extract-without-filter
    bundle.extract("manifest.json", dest)
    with tarfile.open(src) as archive:
        # ok: python-tarfile-extract-without-filter
        archive.extractall(dest, filter="data")
    with tarfile.TarFile.open(src) as t:
        # ok: python-tarfile-extract-without-filter
        t.extract("manifest.json", dest, filter="tar")
    with zipfile.ZipFile(src) as z:
        # ok: python-tarfile-extract-without-filter
        z.extractall(dest)
