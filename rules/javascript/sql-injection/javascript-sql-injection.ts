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
