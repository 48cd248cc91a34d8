const fs = require('fs');

// ruleid: javascript-world-writable-chmod
fs.chmodSync('/srv/uploads', 0o777);
// ruleid: javascript-world-writable-chmod
fs.chmod('/srv/app/config.json', 0o666, () => {});
// ok: javascript-world-writable-chmod
fs.chmodSync('/srv/app/config.json', 0o600);
