const express = require('express');
const { exec, execFile, spawn } = require('child_process');
const cp = require('child_process');

const app = express();
const BACKUP_DIR = '/var/backups';
const ALLOWED_FORMATS = { png: 'png', jpg: 'jpeg' };

function thumbnailCommand(file) {
  return `convert ${file} -resize 128x128 ${file}.thumb.png`;
}

function runShell(command) {
  // ruleid: javascript-child-process-exec-injection
  return cp.execSync(command, { encoding: 'utf8' });
}

app.get('/ping', (req, res) => {
  const host = req.query.host;
  // ruleid: javascript-child-process-exec-injection
  exec('ping -c 1 ' + host, (err, stdout) => res.send(stdout));
  // ok: javascript-child-process-exec-injection
  execFile('ping', ['-c', '1', host], (err, stdout) => res.send(stdout));
});

app.post('/thumbnail', (req, res) => {
  const { file } = req.body;
  // ruleid: javascript-child-process-exec-injection
  cp.exec(thumbnailCommand(file), () => res.end());
  // ruleid: javascript-child-process-exec-injection
  spawn('convert', [file, 'out.png'], { shell: true });
  // ok: javascript-child-process-exec-injection
  spawn('convert', [file, 'out.png']);
  // ruleid: javascript-child-process-exec-injection
  spawn('/bin/sh', ['-c', `tar czf ${BACKUP_DIR}/${file}.tgz ${file}`]);
  // ok: javascript-child-process-exec-injection
  exec(`tar czf ${BACKUP_DIR}/nightly.tgz /srv/data`, () => {});
});

app.get('/convert', (req, res) => {
  const format = ALLOWED_FORMATS[req.query.format] ? 'png' : 'jpeg';
  // ok: javascript-child-process-exec-injection
  exec(`convert in.bmp out.${format}`, () => res.end());
  const width = parseInt(req.query.width, 10);
  // ok: javascript-child-process-exec-injection
  exec(`convert in.bmp -resize ${width} out.png`, () => res.end());
  // ok: javascript-child-process-exec-injection
  const parsed = /^(\d+)x(\d+)$/.exec(req.query.size);
  res.json({ parsed, report: runShell('df -h ' + req.query.mount) });
});

const tools = require('node:child_process');
const { exec: shellOut } = require('child_process');

app.get('/aliases', (req, res) => {
  const v = req.query.v;
  // ruleid: javascript-child-process-exec-injection
  shellOut('grep ' + v + ' app.log');
  // ruleid: javascript-child-process-exec-injection
  tools.execSync(`tail ${v}`);
  // ok: javascript-child-process-exec-injection
  shellOut('uptime');
  res.send('ok');
});

// Hapi
server.route({
  method: 'POST',
  path: '/lookup',
  handler: (request, h) => {
    // ruleid: javascript-child-process-exec-injection
    const out = cp.execSync('nslookup ' + request.payload.domain, { encoding: 'utf8' });
    // ok: javascript-child-process-exec-injection
    const own = cp.execSync('nslookup localhost', { encoding: 'utf8' });
    return h.response(out + own);
  },
});

// Koa
router.post('/archive', async (ctx) => {
  // ruleid: javascript-child-process-exec-injection
  exec(`tar czf ${BACKUP_DIR}/${ctx.request.body.name}.tgz /srv/data`, () => {});
  const days = parseInt(ctx.query.days, 10);
  // ok: javascript-child-process-exec-injection
  exec(`find ${BACKUP_DIR} -mtime +${days} -delete`, () => {});
  ctx.status = 202;
});

// AWS Lambda
exports.convert = async (event, context) => {
  const { file } = JSON.parse(event.body);
  // ruleid: javascript-child-process-exec-injection
  cp.execSync(`ffmpeg -i /tmp/${file} /tmp/out.mp4`);
  // ok: javascript-child-process-exec-injection
  cp.execFileSync('ffmpeg', ['-i', `/tmp/${file}`, '/tmp/out.mp4']);
  return { statusCode: 202 };
};

// ws
wss.on('connection', (ws) => {
  ws.on('message', (data) => {
    // ruleid: javascript-child-process-exec-injection
    exec('echo ' + data.toString() + ' >> /var/log/feed.log');
    // ok: javascript-child-process-exec-injection
    exec('date >> /var/log/feed.log');
  });
});

// Socket.IO, destructured payload
io.on('connection', (socket) => {
  socket.on('run', ({ script }) => {
    // ruleid: javascript-child-process-exec-injection
    exec(`/opt/tasks/${script}.sh`);
  });
  socket.on('disconnect', (reason) => {
    // ok: javascript-child-process-exec-injection
    exec(`logger "client left: ${reason}"`);
  });
});

const SERVICES = ['nginx', 'redis'];

app.get('/restart', (req, res) => {
  const service = req.query.service;
  if (!SERVICES.includes(service)) {
    return res.status(400).end();
  }
  // ok: javascript-child-process-exec-injection
  exec('systemctl restart ' + service);
  const unit = req.query.unit;
  if (!/^[a-z0-9-]+$/.test(unit)) {
    process.exit(1);
  }
  // ok: javascript-child-process-exec-injection
  exec('systemctl status ' + unit);
  const loose = req.query.loose;
  if (!/^.+$/.test(loose)) {
    return res.status(400).end();
  }
  // ruleid: javascript-child-process-exec-injection
  exec('systemctl status ' + loose);
  res.end();
});

const { spawn: launch } = require('node:child_process');

app.get('/launch', (req, res) => {
  // ruleid: javascript-child-process-exec-injection
  launch(`tail -n 20 ${req.query.file}`, { shell: true });
  // ok: javascript-child-process-exec-injection
  launch('tail', ['-n', '20', req.query.file]);
  res.end();
});

// Promisified by hand: the command runs in the executor callback of the helper.
function run(commandLine) {
  return new Promise((resolve, reject) => {
    // ruleid: javascript-child-process-exec-injection
    launch(commandLine, { shell: true }).on('close', (code) => (code === 0 ? resolve() : reject(code)));
  });
}

function runFixed(target) {
  return new Promise((resolve) => {
    // ok: javascript-child-process-exec-injection
    launch('ls', ['-l', target]).on('close', resolve);
  });
}

app.get('/logs', async (req, res) => {
  await run(`gzip -c /var/log/app/${req.query.day}.log > /tmp/out.gz`);
  await runFixed(req.query.day);
  res.end();
});

const shellOptions = { shell: true, cwd: '/srv/jobs' };
const plainOptions = { cwd: '/srv/jobs' };

app.get('/thumbs', (req, res) => {
  // ruleid: javascript-child-process-exec-injection
  spawn('convert', [req.query.input, 'thumb.png'], shellOptions);
  // ok: javascript-child-process-exec-injection
  spawn('convert', [req.query.input, 'thumb.png'], plainOptions);
  res.end();
});

// Wrapped functions keep what they do with their arguments.
const { promisify } = require('util');
const execAsync = promisify(exec);
const execFileAsync = promisify(cp.execFile);
const boundExec = cp.exec.bind(cp);

app.post('/reports/:name', async (req, res) => {
  const name = req.params.name;
  // ruleid: javascript-child-process-exec-injection
  const { stdout } = await execAsync('wkhtmltopdf /srv/reports/' + name + '.html out.pdf');
  // ok: javascript-child-process-exec-injection
  await execFileAsync('wkhtmltopdf', ['/srv/reports/' + name + '.html', 'out.pdf']);
  // ruleid: javascript-child-process-exec-injection
  boundExec(`rm -f /tmp/${name}.pdf`);
  res.send(stdout);
});
