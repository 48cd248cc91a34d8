import { execSync, spawnSync } from 'node:child_process';
import type { NextRequest } from 'next/server';

export async function POST(request: NextRequest): Promise<Response> {
  const { repo } = (await request.json()) as { repo: string };
  // ruleid: javascript-child-process-exec-injection
  const log = execSync(`git -C /srv/repos/${repo} log -1`).toString();
  const branch = request.nextUrl.searchParams.get('branch') ?? 'main';
  // ruleid: javascript-child-process-exec-injection
  spawnSync('git', ['checkout', branch], { shell: true });
  // ok: javascript-child-process-exec-injection
  spawnSync('git', ['checkout', '--', branch], { cwd: '/srv/repos' });
  return new Response(log);
}
