from flask import Flask

app = Flask(__name__)
# ruleid: python-csrf-protection-disabled
app.config["WTF_CSRF_ENABLED"] = False
# ruleid: python-csrf-protection-disabled
WTF_CSRF_CHECK_DEFAULT = False
# ok: python-csrf-protection-disabled
app.config["WTF_CSRF_ENABLED"] = True
# ok: python-csrf-protection-disabled
app.config["DEBUG_TB_ENABLED"] = False
