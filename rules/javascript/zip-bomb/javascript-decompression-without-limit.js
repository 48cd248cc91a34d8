const zlib = require('zlib');

function decode(body) {
  // ruleid: javascript-decompression-without-limit
  const json = zlib.gunzipSync(body);
  // ruleid: javascript-decompression-without-limit
  const raw = zlib.inflateSync(body);
  // ok: javascript-decompression-without-limit
  const bounded = zlib.gunzipSync(body, { maxOutputLength: 10 * 1024 * 1024 });
  return [json, raw, bounded];
}
