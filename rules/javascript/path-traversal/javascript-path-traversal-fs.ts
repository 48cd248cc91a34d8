import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { NextApiRequest, NextApiResponse } from 'next';

const DOCS_DIR = path.join(process.cwd(), 'docs');

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const slug = req.query.slug as string;
  // ruleid: javascript-path-traversal-fs
  const markdown = await readFile(path.join(DOCS_DIR, `${slug}.md`), 'utf8');
  // ok: javascript-path-traversal-fs
  const safe = await readFile(path.join(DOCS_DIR, `${path.basename(slug)}.md`), 'utf8');
  res.status(200).json({ markdown, safe });
}
