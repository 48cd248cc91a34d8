import xml.sax
from xml.dom import pulldom
from xml.sax.handler import feature_external_ges, feature_namespaces

import defusedxml.ElementTree as SafeET
from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)


class TitleHandler(xml.sax.ContentHandler):
    def __init__(self):
        super().__init__()
        self.titles = []


@app.route("/import", methods=["POST"])
def import_catalog():
    # ruleid: python-xml-external-entities-enabled
    parser = etree.XMLParser(resolve_entities=True, remove_blank_text=True)
    tree = etree.fromstring(request.data, parser)
    # ok: python-xml-external-entities-enabled
    strict = etree.XMLParser(resolve_entities=False, no_network=True)
    again = etree.fromstring(request.data, strict)
    return jsonify(items=len(tree), again=len(again))


@app.route("/feed", methods=["POST"])
def feed():
    handler = TitleHandler()
    reader = xml.sax.make_parser()
    # ok: python-xml-external-entities-enabled
    reader.setFeature(feature_namespaces, True)
    # ruleid: python-xml-external-entities-enabled
    reader.setFeature(feature_external_ges, True)
    # ruleid: python-xml-external-entities-enabled
    reader.setFeature(xml.sax.handler.feature_external_pes, 1)
    reader.setContentHandler(handler)
    reader.parse(request.stream)
    return jsonify(titles=handler.titles)


@app.route("/events", methods=["POST"])
def events():
    sax = xml.sax.make_parser()
    # ruleid: python-xml-external-entities-enabled
    sax.setFeature("http://xml.org/sax/features/external-general-entities", True)
    # ok: python-xml-external-entities-enabled
    sax.setFeature("http://xml.org/sax/features/external-general-entities", False)
    stream = pulldom.parseString(request.get_data(as_text=True), parser=sax)
    names = [node.tagName for event, node in stream if event == pulldom.START_ELEMENT]
    return jsonify(names=names)


def parse_upload(path):
    # ruleid: python-xml-external-entities-enabled
    for _, element in etree.iterparse(path, resolve_entities=True, events=("end",)):
        yield element.tag
    # ok: python-xml-external-entities-enabled
    yield from (element.tag for element in SafeET.parse(path).iter())
