// /leaders: 分管 — the district leaders with the units they are in charge of and the tasks the notice names them
// for; the office sets a leader's units. /briefs/leader: a leader's weekly 领导专报 as JSON and as a one-page .docx.

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  briefQuerySchema,
  leaderBriefSchema,
  leaderListSchema,
  leaderParamsSchema,
  leaderUnitsBodySchema,
} from '../../api/leaders.js';
import { leaderBriefDocx } from '../documents/leader-brief.js';
import { leaderBrief } from '../services/leader-brief.js';
import { listLeaders, setLeaderUnits } from '../services/leaders.js';
import { attachment, ctxOf } from './context.js';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export async function leaderRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get('/leaders', { schema: { response: { 200: leaderListSchema } } }, async (r) => listLeaders(ctxOf(r, app)));
  api.put(
    '/leaders/:userId/units',
    { schema: { params: leaderParamsSchema, body: leaderUnitsBodySchema, response: { 200: leaderListSchema } } },
    async (r) => setLeaderUnits(ctxOf(r, app), r.params.userId, r.body),
  );
  api.get(
    '/briefs/leader',
    { schema: { querystring: briefQuerySchema, response: { 200: leaderBriefSchema } } },
    async (r) => leaderBrief(ctxOf(r, app), r.query),
  );
  api.get('/briefs/leader.docx', { schema: { querystring: briefQuerySchema } }, async (r, reply) => {
    const ctx = ctxOf(r, app);
    const brief = await leaderBrief(ctx, r.query);
    return reply
      .type(DOCX_TYPE)
      .header(
        'content-disposition',
        attachment(`领导专报${brief.weekStart}.docx`, `leader-brief-${brief.weekStart}.docx`),
      )
      .send(await leaderBriefDocx(brief, ctx.clock()));
  });
}
