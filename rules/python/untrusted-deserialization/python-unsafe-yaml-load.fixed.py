import yaml
from flask import Flask, jsonify, request

app = Flask(__name__)
CONFIG_PATH = "/etc/app/config.yaml"


def read_config(path=CONFIG_PATH):
    with open(path) as handle:
        # ruleid: python-unsafe-yaml-load
        return yaml.safe_load(handle)


@app.route("/pipelines", methods=["POST"])
def create_pipeline():
    # ruleid: python-unsafe-yaml-load
    spec = yaml.safe_load(request.get_data(as_text=True))
    # ruleid: python-unsafe-yaml-load
    legacy = yaml.safe_load(request.files["spec"].read())
    # ok: python-unsafe-yaml-load
    checked = yaml.safe_load(request.get_data(as_text=True))
    # ok: python-unsafe-yaml-load
    explicit = yaml.load(request.get_data(as_text=True), Loader=yaml.SafeLoader)
    # ok: python-unsafe-yaml-load
    positional = yaml.load(request.get_data(as_text=True), yaml.CSafeLoader)
    # ok: python-unsafe-yaml-load
    text = yaml.dump(spec, Dumper=yaml.SafeDumper)
    return jsonify(steps=len(spec["steps"]), legacy=legacy, checked=checked, explicit=explicit, positional=positional, text=text)


def load_fixtures(paths):
    documents = []
    for path in paths:
        with open(path) as handle:
            # ruleid: python-unsafe-yaml-load
            documents.append(yaml.safe_load(stream=handle))
    return documents
