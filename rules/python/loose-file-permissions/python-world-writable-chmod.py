import os

# ruleid: python-world-writable-chmod
os.chmod("/srv/app/uploads", 0o777)
# ruleid: python-world-writable-chmod
os.chmod("/srv/app/settings.ini", 0o666)
# ok: python-world-writable-chmod
os.chmod("/srv/app/settings.ini", 0o600)
# ok: python-world-writable-chmod
os.makedirs("/srv/app/cache", 0o755)
