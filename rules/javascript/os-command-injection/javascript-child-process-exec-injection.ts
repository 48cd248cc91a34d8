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

@Controller('tools')
export class ToolsController {
  @Post('ping')
  ping(@Body() body: PingDto, @Query('count', ParseIntPipe) count: number) {
    // ruleid: javascript-child-process-exec-injection
    const out = execSync(`ping -c 1 ${body.host}`).toString();
    // ok: javascript-child-process-exec-injection
    execSync(`ping -c ${count} localhost`);
    return out;
  }
}

@WebSocketGateway()
export class TasksGateway {
  @SubscribeMessage('task')
  run(@MessageBody() task: string) {
    // ruleid: javascript-child-process-exec-injection
    return execSync('/opt/tasks/' + task).toString();
  }
}

export const toolsRouter = router({
  dig: publicProcedure.input(z.object({ domain: z.string() })).mutation(({ input }) => {
    // ruleid: javascript-child-process-exec-injection
    return execSync(`dig ${input.domain}`).toString();
  }),
  uptime: publicProcedure.query(() => {
    // ok: javascript-child-process-exec-injection
    return execSync('uptime').toString();
  }),
});
