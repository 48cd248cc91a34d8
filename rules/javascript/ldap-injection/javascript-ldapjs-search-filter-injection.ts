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

export async function groups(req: Request, res: Response) {
  const options = { scope: 'sub' as const, filter: `(memberUid=${req.query.member})` };
  // ruleid: javascript-ldapjs-search-filter-injection
  const { searchEntries } = await ldapClient.search('ou=groups,dc=example,dc=com', options);
  const query = { text: String(req.query.member) };
  // ok: javascript-ldapjs-search-filter-injection
  const hits = await catalog.search('groups', query);
  res.json({ searchEntries, hits });
}

declare const catalog: { search(index: string, query: { text: string }): Promise<unknown[]> };
