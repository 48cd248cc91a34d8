import * as crypto from 'crypto';
import express from 'express';

const app = express();

// ruleid: javascript-weak-random-reaches-secret
const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');

app.post('/login', (req, res) => {
  // ruleid: javascript-weak-random-reaches-secret
  const v = Math.random().toString(36).slice(2);
  res.cookie('remember', v, { httpOnly: true, secure: true });
  // ruleid: javascript-weak-random-reaches-secret
  const six = String(Math.floor(100000 + Math.random() * 900000));
  req.session.code = six;
  res.send('ok');
});

app.get('/pair', (req, res) => {
  const value = digits(6);
  const pairingCode = value;
  // ruleid: javascript-weak-random-reaches-secret
  res.setHeader('X-Auth-Token', 't' + Math.random());
  res.json({ pairingCode });
});

function newSessionId() {
  // ruleid: javascript-weak-random-reaches-secret
  const n = Math.floor(Math.random() * 1e9);
  return n.toString(16);
}

app.get('/strong', (req, res) => {
  const v = crypto.randomBytes(16).toString('hex');
  // ok: javascript-weak-random-reaches-secret
  res.cookie('remember', v, { httpOnly: true, secure: true });
  const shade = Math.floor(Math.random() * 255);
  // ok: javascript-weak-random-reaches-secret
  res.setHeader('X-Theme-Shade', String(shade));
  // ok: javascript-weak-random-reaches-secret
  const label = 'item-' + shade;
  // ok: javascript-weak-random-reaches-secret
  req.session.theme = 'dark';
  res.send(label + newSessionId());
});

export class InviteService {
  issueInviteToken(email: string): string {
    // ruleid: javascript-weak-random-reaches-secret
    const value = Math.random().toString(36).slice(2, 12);
    return `${email}:${value}`;
  }

  pickTip(tips: string[]): string {
    // ok: javascript-weak-random-reaches-secret
    return tips[Math.floor(Math.random() * tips.length)];
  }
}

// ok: javascript-weak-random-reaches-secret
export const tokenizerSeed = crypto.getRandomValues(new Uint32Array(1))[0];
