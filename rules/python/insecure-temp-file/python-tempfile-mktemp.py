import tempfile

# ruleid: python-tempfile-mktemp
path = tempfile.mktemp()
# ruleid: python-tempfile-mktemp
report = tempfile.mktemp(suffix=".csv")
# ok: python-tempfile-mktemp
handle, safe = tempfile.mkstemp()
