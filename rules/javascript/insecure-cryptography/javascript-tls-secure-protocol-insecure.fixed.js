const https = require('https');

const agent = new https.Agent({
  // ruleid: javascript-tls-secure-protocol-insecure
  secureProtocol: 'TLSv1_2_method',
});
const modern = new https.Agent({
  // ok: javascript-tls-secure-protocol-insecure
  secureProtocol: 'TLSv1_2_method',
});

module.exports = { agent, modern };
