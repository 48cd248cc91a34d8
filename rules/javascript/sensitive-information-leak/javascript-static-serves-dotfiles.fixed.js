const express = require('express');

const app = express();
// ruleid: javascript-static-serves-dotfiles
app.use(express.static('public', { dotfiles: 'ignore', maxAge: '1d' }));
// ok: javascript-static-serves-dotfiles
app.use('/assets', express.static('assets', { dotfiles: 'deny' }));

module.exports = app;
