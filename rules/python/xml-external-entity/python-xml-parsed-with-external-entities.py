import xml.sax
from xml.dom import pulldom
from xml.sax import handler as sax_handler

import lxml.etree as ET
from flask import Flask, jsonify, request
from lxml import etree
from lxml.etree import XMLParser, fromstring

app = Flask(__name__)

LENIENT = dict(recover=True)


class SkuHandler(xml.sax.ContentHandler):
    def __init__(self):
        super().__init__()
        self.skus = []


@app.route("/layouts", methods=["POST"])
def upload_layout():
    loose = etree.XMLParser(resolve_entities=True, huge_tree=True)
    # ruleid: python-xml-parsed-with-external-entities
    layout = etree.fromstring(request.data, loose)
    tight = etree.XMLParser(resolve_entities=False, no_network=True)
    # ok: python-xml-parsed-with-external-entities
    again = etree.fromstring(request.data, tight)
    return jsonify(columns=len(layout), again=len(again))


@app.route("/layouts/v2", methods=["POST"])
def upload_layout_aliased():
    p = XMLParser(resolve_entities=True)
    # ruleid: python-xml-parsed-with-external-entities
    doc = fromstring(request.data, parser=p)
    # ok: python-xml-parsed-with-external-entities
    plain = ET.fromstring(request.data, ET.XMLParser(no_network=True))
    return jsonify(a=doc.tag, b=plain.tag)


def _feed_parser():
    return ET.XMLParser(resolve_entities=True)


@app.route("/layouts/v3", methods=["POST"])
def upload_layout_built_by_helper():
    builder = _feed_parser()
    # ruleid: python-xml-parsed-with-external-entities
    builder.feed(request.data)
    return jsonify(ok=bool(builder.close() is not None))


@app.route("/skus", methods=["POST"])
def upload_skus():
    collector = SkuHandler()
    reader = xml.sax.make_parser()
    reader.setFeature(sax_handler.feature_external_ges, True)
    reader.setContentHandler(collector)
    # ruleid: python-xml-parsed-with-external-entities
    reader.parse(request.stream)
    careful = xml.sax.make_parser()
    careful.setFeature(sax_handler.feature_namespaces, True)
    careful.setContentHandler(collector)
    # ok: python-xml-parsed-with-external-entities
    careful.parse(request.stream)
    return jsonify(skus=collector.skus)


@app.route("/events", methods=["POST"])
def upload_events():
    sax = xml.sax.make_parser()
    sax.setFeature("http://xml.org/sax/features/external-parameter-entities", 1)
    # ruleid: python-xml-parsed-with-external-entities
    events = pulldom.parseString(request.get_data(as_text=True), parser=sax)
    names = [node.tagName for kind, node in events if kind == pulldom.START_ELEMENT]
    # ok: python-xml-parsed-with-external-entities
    quiet = pulldom.parseString(request.get_data(as_text=True))
    return jsonify(names=names, quiet=bool(quiet))
