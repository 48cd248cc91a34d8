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

@Controller('files')
export class FilesController {
  @Get(':name')
  read(@Param('name') name: string, @Param('version', ParseIntPipe) version: number) {
    // ruleid: javascript-path-traversal-fs
    const current = readFileSync(path.join(DOCS_DIR, name), 'utf8');
    // ok: javascript-path-traversal-fs
    const old = readFileSync(path.join(DOCS_DIR, `v${version}.md`), 'utf8');
    return current + old;
  }
}

export default async function Page({ searchParams }: { searchParams: { doc?: string } }) {
  // ruleid: javascript-path-traversal-fs
  const text = await readFile(path.join(DOCS_DIR, searchParams.doc ?? 'index.md'), 'utf8');
  return text;
}

export const lambdaHandler = async (event: APIGatewayProxyEventV2) => {
  const key = event.queryStringParameters?.key ?? 'index.html';
  // ruleid: javascript-path-traversal-fs
  return { statusCode: 200, body: await readFile(path.join('/var/task/public', key), 'utf8') };
};

export const docsRouter = router({
  get: publicProcedure.input(z.object({ slug: z.string() })).query(async ({ input }) => {
    // ruleid: javascript-path-traversal-fs
    return readFile(path.join(DOCS_DIR, `${input.slug}.md`), 'utf8');
  }),
  index: publicProcedure.query(async () => {
    // ok: javascript-path-traversal-fs
    return readFile(path.join(DOCS_DIR, 'index.md'), 'utf8');
  }),
});
