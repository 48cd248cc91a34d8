const multer = require('multer');
// ruleid: javascript-multer-without-file-filter
const upload = multer({ dest: 'uploads/' });
// ok: javascript-multer-without-file-filter
const checked = multer({ dest: 'uploads/', limits: { fileSize: 1e6 }, fileFilter: onlyImages });

function onlyImages(req, file, cb) {
  cb(null, ['image/png', 'image/jpeg'].includes(file.mimetype));
}
