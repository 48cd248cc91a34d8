import tempfile

# ruleid: python-tempfile-mktemp
path = tempfile.mkstemp()
# ruleid: python-tempfile-mktemp
report = tempfile.mkstemp(suffix=".csv")
# ok: python-tempfile-mktemp
handle, safe = tempfile.mkstemp()
