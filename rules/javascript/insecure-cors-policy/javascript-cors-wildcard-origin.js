const cors = require('cors');
const express = require('express');
const app = express();
// ruleid: javascript-cors-wildcard-origin
app.use(cors({ origin: '*', credentials: true }));
// ruleid: javascript-cors-wildcard-origin
app.use('/api', cors({ origin: true, credentials: true }));
// ok: javascript-cors-wildcard-origin
app.use(cors({ origin: ['https://app.example.com'], credentials: true }));
