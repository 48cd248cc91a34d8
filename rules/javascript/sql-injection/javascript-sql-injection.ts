import Koa from 'koa';
import { Sequelize, QueryTypes } from 'sequelize';
import { PrismaClient } from '@prisma/client';

const app = new Koa();
const sequelize = new Sequelize('sqlite::memory:');
const prisma = new PrismaClient();

app.use(async (ctx: Koa.Context) => {
  const email = ctx.request.body.email as string;
  // ruleid: javascript-sql-injection
  const users = await sequelize.query(`SELECT * FROM users WHERE email = '${email}'`, { type: QueryTypes.SELECT });
  // ok: javascript-sql-injection
  await sequelize.query('SELECT * FROM users WHERE email = :email', { replacements: { email }, type: QueryTypes.SELECT });
  const tag: string = ctx.query.tag as string;
  // ruleid: javascript-sql-injection
  await prisma.$queryRawUnsafe('SELECT * FROM posts WHERE tag = "' + tag + '"');
  // ok: javascript-sql-injection
  await prisma.$queryRawUnsafe('SELECT * FROM posts WHERE tag = $1', tag);
  ctx.body = users;
});

@Controller('invoices')
export class InvoicesController {
  constructor(private readonly dataSource: DataSource) {}

  @Get(':customer')
  async list(@Param('customer') customer: string, @Query('page', ParseIntPipe) page: number) {
    // ruleid: javascript-sql-injection
    const rows = await this.dataSource.query(`SELECT * FROM invoices WHERE customer = '${customer}'`);
    // ok: javascript-sql-injection
    await this.dataSource.query(`SELECT * FROM invoices LIMIT 20 OFFSET ${page * 20}`);
    return rows;
  }

  @Post()
  async create(@Body() dto: CreateInvoiceDto, @Headers('x-tenant') tenant: string) {
    // ruleid: javascript-sql-injection
    await this.dataSource.query("INSERT INTO invoices(tenant, note) VALUES ('" + tenant + "', '" + dto.note + "')");
    // ok: javascript-sql-injection
    await this.dataSource.query('INSERT INTO invoices(tenant, note) VALUES ($1, $2)', [tenant, dto.note]);
  }
}

export async function GET(request: NextRequest) {
  const status = request.nextUrl.searchParams.get('status') ?? 'open';
  // ruleid: javascript-sql-injection
  const tickets = await sequelize.query(`SELECT * FROM tickets WHERE status = '${status}'`);
  // ok: javascript-sql-injection
  await sequelize.query('SELECT * FROM tickets WHERE status = :status', { replacements: { status } });
  return Response.json(tickets);
}

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const { id } = event.pathParameters ?? {};
  // ruleid: javascript-sql-injection
  await prisma.$queryRawUnsafe(`SELECT * FROM orders WHERE id = '${id}'`);
  // ok: javascript-sql-injection
  await prisma.$queryRawUnsafe('SELECT * FROM orders WHERE id = $1', id);
  return { statusCode: 204, body: '' };
};

export const ordersRouter = t.router({
  byStatus: t.procedure.input(z.object({ status: z.string() })).query(async (opts) => {
    // ruleid: javascript-sql-injection
    return prisma.$queryRawUnsafe(`SELECT * FROM orders WHERE status = '${opts.input.status}'`);
  }),
  count: t.procedure.query(async () => {
    // ok: javascript-sql-injection
    return prisma.$queryRawUnsafe('SELECT count(*) FROM orders');
  }),
});

io.on('connection', (socket: Socket) => {
  socket.on('search', async (term: string) => {
    // ruleid: javascript-sql-injection
    socket.emit('results', await sequelize.query(`SELECT * FROM posts WHERE title LIKE '%${term}%'`));
    // ok: javascript-sql-injection
    socket.emit('results', await sequelize.query('SELECT * FROM posts WHERE title LIKE :term', { replacements: { term } }));
  });
});

interface Post {
  id: number;
  title: string;
}

app.use(async (ctx: Koa.Context) => {
  const tag = String(ctx.query.tag);
  // ruleid: javascript-sql-injection
  const tagged = await prisma.$queryRawUnsafe<Post[]>(`SELECT id, title FROM posts WHERE tag = '${tag}'`);
  // ok: javascript-sql-injection
  const same = await prisma.$queryRawUnsafe<Post[]>('SELECT id, title FROM posts WHERE tag = $1', tag);
  // ruleid: javascript-sql-injection
  const rows = await sequelize.query<Post>('SELECT id, title FROM posts WHERE tag = ' + tag, { type: QueryTypes.SELECT });
  ctx.body = { tagged, same, rows };
});

// A controller and its service in one file, each with a method of the same name: the call
// `this.store.find(q)` is the method of the class the constructor parameter is typed with.
class TicketStore {
  constructor(private readonly db: DataSource) {}

  async find(term: string) {
    // ruleid: javascript-sql-injection
    return this.db.query(`SELECT id FROM tickets WHERE subject LIKE '%${term}%'`);
  }

  async count(term: string) {
    return this.db.query('SELECT count(*) FROM tickets WHERE subject LIKE $1', [`%${term}%`]);
  }
}

class TicketArchive {
  constructor(private readonly db: DataSource) {}

  async find(term: string) {
    // ok: javascript-sql-injection
    return this.db.query(`SELECT id FROM archived WHERE year = ${Number(term) | 0}`);
  }
}

@Controller('tickets')
export class TicketController {
  constructor(private readonly store: TicketStore, private readonly archive: TicketArchive) {}

  @Get('search')
  find(@Query('q') q: string) {
    return this.store.find(q);
  }

  @Get('archive')
  archived(@Query('q') q: string) {
    return this.archive.find(q);
  }
}
