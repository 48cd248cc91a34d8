import tempfile

# ruleid: python-hardcoded-tmp-path
with open("/tmp/report.csv", "w") as handle:
    handle.write("a,b")
# ruleid: python-hardcoded-tmp-path
cache = open("/var/tmp/cache.json")
# ok: python-hardcoded-tmp-path
with tempfile.NamedTemporaryFile("w", suffix=".csv") as handle:
    handle.write("a,b")
# ok: python-hardcoded-tmp-path
config = open("/etc/app/config.json")
