const fs = require('fs');
const os = require('os');
const path = require('path');

// ruleid: javascript-hardcoded-tmp-path
fs.writeFileSync('/tmp/report.csv', 'a,b');
// ruleid: javascript-hardcoded-tmp-path
const out = fs.createWriteStream('/var/tmp/export.json');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-'));
// ok: javascript-hardcoded-tmp-path
fs.writeFileSync(path.join(dir, 'report.csv'), 'a,b');
// ok: javascript-hardcoded-tmp-path
fs.writeFileSync('/srv/app/report.csv', 'a,b');
