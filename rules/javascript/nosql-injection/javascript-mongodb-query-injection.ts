import { Router, Request, Response } from 'express';
import { User } from './models/user';
import { Account } from './models/account';

export const router = Router();

router.get('/users', async (req: Request, res: Response) => {
  // ruleid: javascript-mongodb-query-injection
  const found = await User.find({ username: req.query.username }).lean();
  // ok: javascript-mongodb-query-injection
  const sql = await Account.findOne({ where: { username: req.query.username } });
  res.json({ found, sql });
});
