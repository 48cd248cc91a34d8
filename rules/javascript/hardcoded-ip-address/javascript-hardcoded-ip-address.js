// ruleid: javascript-hardcoded-ip-address
const BACKEND = '203.0.113.25';
// ruleid: javascript-hardcoded-ip-address
const DNS = '198.51.100.53:53';
// ok: javascript-hardcoded-ip-address
const LOCAL = '127.0.0.1';
// ok: javascript-hardcoded-ip-address
const VERSION = '1.2.3';
