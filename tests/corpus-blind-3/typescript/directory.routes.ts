import Fastify, { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import ldap from 'ldapjs';
import ldapEscape from 'ldap-escape';
import xpath from 'xpath';
import { DOMParser } from '@xmldom/xmldom';
import { MongoClient } from 'mongodb';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import he from 'he';

const BASE_DN = 'ou=people,dc=corp,dc=example,dc=com';
// ok: hardcoded-credentials
const PASSWORD_RESET_PATH = '/account/password/reset';
const DEPT_CODE = /^[A-Z]{2,6}$/;
const MAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;

const ldapConfig = {
  url: 'ldaps://ldap.corp.example.com:636',
  bindDN: 'cn=svc-directory,ou=services,dc=corp,dc=example,dc=com',
  // ruleid: hardcoded-credentials
  bindCredentials: 'Dir3ctory!Svc#2023',
};

// ruleid: hardcoded-credentials
const mongo = new MongoClient('mongodb://directory_app:q7Lp2vXr9Tz@mongo-1.internal:27017/directory?authSource=admin');
// ok: hardcoded-credentials
const cookieSecret = process.env.COOKIE_SECRET ?? '';

const orgDoc = new DOMParser().parseFromString(readFileSync('/etc/directory/org.xml', 'utf8'), 'text/xml');

type LoginBody = { user: string; pin: string };

function searchLdap(client: ldap.Client, filter: string | ldap.Filter): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const entries: Record<string, unknown>[] = [];
    // ok: ldap-injection
    client.search(BASE_DN, { scope: 'sub', filter, attributes: ['uid', 'cn', 'mail'] }, (err, res) => {
      if (err) return reject(err);
      res.on('searchEntry', (e) => entries.push(e.pojo as unknown as Record<string, unknown>));
      res.on('error', reject);
      res.on('end', () => resolve(entries));
    });
  });
}

export async function buildDirectory(): Promise<FastifyInstance> {
  const app = Fastify({ logger: true });
  await app.register(fastifyCookie, { secret: cookieSecret });
  const ds = ldap.createClient({ url: ldapConfig.url });
  ds.bind(ldapConfig.bindDN, ldapConfig.bindCredentials, () => undefined);
  const users = mongo.db('directory').collection('users');
  const sessions = mongo.db('directory').collection('sessions');

  app.get('/people/search', async (req: FastifyRequest<{ Querystring: { name: string } }>, reply: FastifyReply) => {
    const { name } = req.query;
    const entries = await new Promise<unknown[]>((resolve, reject) => {
      const out: unknown[] = [];
      // ruleid: ldap-injection
      ds.search(BASE_DN, { scope: 'sub', filter: `(|(cn=*${name}*)(displayName=*${name}*))` }, (err, res) => {
        if (err) return reject(err);
        res.on('searchEntry', (e) => out.push(e.pojo));
        res.on('end', () => resolve(out));
      });
    });
    if (entries.length === 0) {
      // ruleid: cross-site-scripting
      return reply.type('text/html').send(`<p>No people match <b>${name}</b></p>`);
    }
    return entries;
  });

  app.get('/people/:uid', async (req: FastifyRequest<{ Params: { uid: string } }>) => {
    const f = new ldap.EqualityFilter({ attribute: 'uid', value: req.params.uid });
    return searchLdap(ds, f);
  });

  app.get('/people/by-mail', async (req: FastifyRequest<{ Querystring: { mail: string } }>, reply: FastifyReply) => {
    const { mail } = req.query;
    if (!MAIL.test(mail)) return reply.code(400).send({ error: 'mail' });
    // ok: log-injection
    req.log.info(`mail lookup for ${mail}`);
    const results = await new Promise<number>((resolve) => {
      let n = 0;
      // ok: ldap-injection
      ds.search(BASE_DN, { filter: '(mail=' + mail + ')' }, (_e, res) => {
        res.on('searchEntry', () => n++);
        res.on('end', () => resolve(n));
      });
    });
    return { results };
  });

  app.get('/groups/members', async (req: FastifyRequest<{ Querystring: { group: string } }>) => {
    const filter = ldapEscape.filter`(&(objectClass=person)(memberOf=cn=${req.query.group},ou=groups,dc=corp,dc=example,dc=com))`;
    return searchLdap(ds, filter);
  });

  app.get('/people/by-dept', async (req: FastifyRequest<{ Querystring: { dept: string; title: string } }>, reply: FastifyReply) => {
    const { dept, title } = req.query;
    if (!DEPT_CODE.test(dept)) return reply.code(400).send({ error: 'dept' });
    const filter = `(&(departmentNumber=${dept})(title=${title}))`;
    return new Promise((resolve) => {
      const out: unknown[] = [];
      // ruleid: ldap-injection
      ds.search(BASE_DN, { filter }, (_e, res) => {
        res.on('searchEntry', (e) => out.push(e.pojo));
        res.on('end', () => resolve(out));
      });
    });
  });

  app.post('/auth/ldap', async (req: FastifyRequest<{ Body: LoginBody }>, reply: FastifyReply) => {
    const { user, pin } = req.body;
    // ruleid: log-injection
    req.log.info(`ldap login attempt user=${user}`);
    const client = ldap.createClient({ url: ldapConfig.url });
    await new Promise<void>((resolve, reject) => {
      // ruleid: ldap-injection
      client.bind(`uid=${user},${BASE_DN}`, pin, (err) => (err ? reject(err) : resolve()));
    });
    const sid = randomBytes(32).toString('hex');
    await sessions.insertOne({ sid, user, created: new Date() });
    // ruleid: insecure-cookie
    reply.setCookie('dir_sid', sid, { path: '/' });
    // ok: insecure-cookie
    reply.setCookie('dir_view', 'compact', { path: '/', maxAge: 31536000 });
    return { ok: true, reset: PASSWORD_RESET_PATH };
  });

  app.post('/auth/pin', async (req: FastifyRequest<{ Body: LoginBody }>, reply: FastifyReply) => {
    const body = req.body as any;
    // ruleid: nosql-injection
    const u = await users.findOne({ username: body.user, pin: body.pin });
    if (!u) return reply.code(401).send({ error: 'denied' });
    const sid = randomBytes(32).toString('base64url');
    // ok: insecure-cookie
    reply.setCookie('dir_sid', sid, { path: '/', httpOnly: true, secure: true, sameSite: 'lax', signed: true });
    return { ok: true };
  });

  app.post('/auth/pin/v2', {
    schema: {
      body: {
        type: 'object',
        required: ['user', 'pin'],
        additionalProperties: false,
        properties: { user: { type: 'string', maxLength: 64 }, pin: { type: 'string', pattern: '^[0-9]{4,8}$' } },
      },
    },
  }, async (req: FastifyRequest<{ Body: LoginBody }>, reply: FastifyReply) => {
    // ok: nosql-injection
    const u = await users.findOne({ username: req.body.user, pin: req.body.pin });
    if (!u) return reply.code(401).send({ error: 'denied' });
    const token = randomBytes(24).toString('hex');
    // ruleid: insecure-cookie
    reply.setCookie('remember_token', token, { path: '/', httpOnly: true, secure: false });
    return { ok: true };
  });

  app.get('/people/find', async (req: FastifyRequest<{ Querystring: { q: string } }>) => {
    const q = req.query.q;
    // ruleid: nosql-injection
    return users.find({ $where: `this.displayName.indexOf('${q}') !== -1` }).limit(20).toArray();
  });

  app.get('/people/exact', async (req: FastifyRequest<{ Querystring: { q: unknown } }>, reply: FastifyReply) => {
    const q = req.query.q;
    if (typeof q !== 'string') return reply.code(400).send({ error: 'q' });
    // ok: nosql-injection
    return users.find({ displayName: q }).limit(20).toArray();
  });

  app.get('/people/report', async (req: FastifyRequest<{ Querystring: { filter: string } }>) => {
    const match = JSON.parse(req.query.filter);
    // ruleid: nosql-injection
    return users.aggregate([{ $match: match }, { $group: { _id: '$dept', n: { $sum: 1 } } }]).toArray();
  });

  app.get('/org/employee', async (req: FastifyRequest<{ Querystring: { name: string } }>) => {
    const expr = `//employee[@name='${req.query.name}']/@email`;
    // ruleid: xpath-injection
    const nodes = xpath.select(expr, orgDoc as unknown as Node) as Attr[];
    return nodes.map((a) => a.value);
  });

  app.get('/org/dept', async (req: FastifyRequest<{ Querystring: { dept: string } }>) => {
    const dept = req.query.dept;
    // ok: xpath-injection
    const nodes = xpath.parse('//employee[@dept=$dept]/@name').select({ node: orgDoc as unknown as Node, variables: { dept } });
    return (nodes as Attr[]).map((a) => a.value);
  });

  app.get('/org/employee/:id', async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    const n = Number(req.params.id);
    if (!Number.isInteger(n)) return reply.code(400).send({ error: 'id' });
    // ok: xpath-injection
    const node = xpath.select1(`//employee[@id=${n}]/@name`, orgDoc as unknown as Node) as Attr | undefined;
    return { name: node?.value ?? null };
  });

  app.get('/org/by-title', async (req: FastifyRequest<{ Querystring: { t: string } }>, reply: FastifyReply) => {
    const t = req.query.t;
    if (!/[A-Za-z ]+/.test(t)) return reply.code(400).send({ error: 't' });
    // ruleid: xpath-injection
    const nodes = xpath.select(`//employee[contains(@title, '${t}')]/@name`, orgDoc as unknown as Node) as Attr[];
    return nodes.map((a) => a.value);
  });

  app.get('/org/manager', async (req: FastifyRequest<{ Querystring: { dept: string } }>, reply: FastifyReply) => {
    const dept = req.query.dept;
    // ruleid: xpath-injection
    const node = xpath.select1('/org/dept[name="' + dept + '"]/manager/text()', orgDoc as unknown as Node);
    // ok: cross-site-scripting
    return reply.type('text/html').send(`<p>Manager of ${he.encode(dept)}: ${he.encode(String(node ?? 'n/a'))}</p>`);
  });

  return app;
}
