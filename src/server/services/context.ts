// What every service call receives: the database, the clock (tests fake it), the actor and the
// caller's address for the audit log. Services never read a request.

import type { Db } from '../db/client.js';
import type { Actor } from '../policy.js';

export type Clock = () => Date;

export interface Ctx {
  db: Db;
  clock: Clock;
  actor: Actor | null;
  ip: string | null;
}
