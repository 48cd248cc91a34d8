const axios = require('axios');

async function sync(order) {
  // ruleid: javascript-plain-http-request
  await fetch('http://api.example.com/v1/orders', { method: 'POST', body: JSON.stringify(order) });
  // ruleid: javascript-plain-http-request
  await axios.post('http://payments.example.com/charge', order);
  // ok: javascript-plain-http-request
  await axios.post('https://payments.example.com/charge', order);
  // ok: javascript-plain-http-request
  await fetch('http://localhost:3000/health');
}
