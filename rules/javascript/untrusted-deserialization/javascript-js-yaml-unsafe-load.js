const fs = require('fs');
const yaml = require('js-yaml');

function loadPipeline(path) {
  const text = fs.readFileSync(path, 'utf8');
  // ruleid: javascript-js-yaml-unsafe-load
  return yaml.load(text, { schema: yaml.DEFAULT_FULL_SCHEMA });
}

function loadAllDocs(text) {
  const docs = [];
  // ruleid: javascript-js-yaml-unsafe-load
  yaml.loadAll(text, (doc) => docs.push(doc), { schema: yaml.DEFAULT_FULL_SCHEMA });
  return docs;
}

function loadSafely(text) {
  // ok: javascript-js-yaml-unsafe-load
  return yaml.load(text, { schema: yaml.CORE_SCHEMA });
}

function loadDefault(text) {
  // ok: javascript-js-yaml-unsafe-load
  return yaml.load(text, { filename: 'pipeline.yml' });
}

function loadWith(text, trusted) {
  const options = { schema: trusted ? yaml.DEFAULT_FULL_SCHEMA : yaml.CORE_SCHEMA, json: true };
  // ruleid: javascript-js-yaml-unsafe-load
  return yaml.load(text, options);
}

function loadCore(text) {
  const options = { schema: yaml.CORE_SCHEMA, json: true };
  // ok: javascript-js-yaml-unsafe-load
  return yaml.load(text, options);
}

module.exports = { loadWith, loadCore, loadPipeline, loadAllDocs, loadSafely, loadDefault };
