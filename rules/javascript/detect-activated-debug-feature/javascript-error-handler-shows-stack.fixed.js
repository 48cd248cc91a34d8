const errorHandler = require('errorhandler');
const express = require('express');
const app = express();
// ruleid: javascript-error-handler-shows-stack
app.use(errorHandler({ dumpExceptions: false, showStack: false }));
// ok: javascript-error-handler-shows-stack
app.use(errorHandler({ dumpExceptions: false, showStack: false }));
