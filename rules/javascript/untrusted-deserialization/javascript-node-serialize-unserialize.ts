import { unserialize } from 'node-serialize';
import type { Request, Response } from 'express';

export function restore(req: Request, res: Response): void {
  // ruleid: javascript-node-serialize-unserialize
  const state = unserialize(req.body.state as string);
  // ok: javascript-node-serialize-unserialize
  const copy = structuredClone(state);
  res.json(copy);
}
