const https = require('https');
const tls = require('tls');

// ruleid: javascript-tls-min-version-insecure
const legacy = https.createServer({ minVersion: 'TLSv1', cert: process.env.CERT, key: process.env.KEY });
// ok: javascript-tls-min-version-insecure
const current = https.createServer({ minVersion: 'TLSv1.2', cert: process.env.CERT, key: process.env.KEY });
// ruleid: javascript-tls-min-version-insecure
const socket = tls.connect({ host: 'partner.example.com', port: 443, minVersion: 'TLSv1.1' });

module.exports = { legacy, current, socket };
