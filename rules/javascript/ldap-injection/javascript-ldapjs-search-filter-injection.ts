import { Client } from 'ldapts';
import type { Request, Response } from 'express';

const ldapClient = new Client({ url: 'ldaps://ldap.example.com' });

export async function lookup(req: Request, res: Response) {
  const uid = String(req.params.uid);
  // ruleid: javascript-ldapjs-search-filter-injection
  const { searchEntries } = await ldapClient.search('ou=people,dc=example,dc=com', { filter: `(uid=${uid})` });
  // ruleid: javascript-ldapjs-search-filter-injection
  await ldapClient.bind(`uid=${uid},ou=people,dc=example,dc=com`, req.body.password);
  const wanted = ['active', 'locked'].filter((state) => state === req.query.state);
  // ok: javascript-ldapjs-search-filter-injection
  const { searchEntries: byState } = await ldapClient.search('ou=people,dc=example,dc=com', { filter: `(state=${wanted.length})` });
  res.json({ searchEntries, byState });
}
