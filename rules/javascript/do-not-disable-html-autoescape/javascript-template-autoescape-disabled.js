const nunjucks = require('nunjucks');
const Handlebars = require('handlebars');
// ruleid: javascript-template-autoescape-disabled
nunjucks.configure('views', { autoescape: false });
// ruleid: javascript-template-autoescape-disabled
const render = Handlebars.compile('<p>{{name}}</p>', { noEscape: true });
// ok: javascript-template-autoescape-disabled
nunjucks.configure('views', { autoescape: true });
