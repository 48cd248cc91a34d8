const express = require('express');
const libxmljs = require('libxmljs');

const router = express.Router();
const TEMPLATE = '<invoice><total>0</total></invoice>';

router.post('/invoices/import', express.text({ type: 'application/xml' }), (req, res) => {
  // ruleid: javascript-libxmljs-noent-xxe
  const doc = libxmljs.parseXml(req.body, { noent: false, noblanks: true });
  res.json({ total: doc.get('//total').text() });
});

router.post('/invoices/validate', express.text({ type: 'application/xml' }), (req, res) => {
  // ok: javascript-libxmljs-noent-xxe
  const doc = libxmljs.parseXmlString(req.body, { noblanks: true });
  // ok: javascript-libxmljs-noent-xxe
  const safe = libxmljs.parseXml(req.body, { noent: false });
  res.json({ ok: doc.validate(safe) });
});

function loadTemplate() {
  // ok: javascript-libxmljs-noent-xxe
  return libxmljs.parseXml(TEMPLATE);
}

module.exports = { router, loadTemplate };
