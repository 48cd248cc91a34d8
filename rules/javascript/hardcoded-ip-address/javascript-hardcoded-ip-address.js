// ruleid: javascript-hardcoded-ip-address
const BACKEND = '52.14.200.3';
// ruleid: javascript-hardcoded-ip-address
const DNS = '1.1.1.1:53';
// ok: javascript-hardcoded-ip-address
const LOCAL = '127.0.0.1';
// ok: javascript-hardcoded-ip-address
const VERSION = '1.2.3';
// ok: javascript-hardcoded-ip-address
const REDIS = '10.0.3.12:6379';
// ok: javascript-hardcoded-ip-address
const SAMPLE_API = '192.0.2.44';

const pkg = {
  name: 'billing-client',
  // ok: javascript-hardcoded-ip-address
  version: '3.4.0.12',
  // ok: javascript-hardcoded-ip-address
  proxy: '172.16.8.1:3128',
};

// ok: javascript-hardcoded-ip-address
const multicast = '239.255.255.250:1900';
