import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ModerationRuleSetSchema } from '../../shared/remote/site-api';
import type { SiteDb } from '../db/open';
import type { ApiResponse } from '../store/requests';
import { readRuleSet, replaceRuleSet } from '../store/moderation-rules';
import type { Caller, Scope } from '../store/tokens';
import { invalid, json, send } from './responses';

/**
 * GET and PUT /api/moderation/rules: the desktop's rules, which screenComment applies to every
 * submitted comment. Both need the moderate scope. The PUT goes through the API's idempotent
 * write like every other write; it changes no page, so it purges nothing.
 */

type WriteTransaction = Parameters<typeof replaceRuleSet>[0];

export interface RuleRouteOptions {
  site: SiteDb;
  now: () => number;
  authorize: (request: FastifyRequest, scope: Scope) => Promise<Caller | ApiResponse>;
  write: (
    request: FastifyRequest,
    reply: FastifyReply,
    scope: Scope,
    run: (caller: Caller) => Promise<ApiResponse | ((trx: WriteTransaction, touched: Set<string>) => Promise<ApiResponse>)>,
  ) => Promise<unknown>;
}

export function registerRuleRoutes(app: FastifyInstance, options: RuleRouteOptions): void {
  app.get('/api/moderation/rules', async (request, reply) => {
    const caller = await options.authorize(request, 'moderate');
    if ('status' in caller) return send(reply, caller);
    return send(reply, json(200, await readRuleSet(options.site.db)));
  });

  app.put('/api/moderation/rules', async (request, reply) => {
    await options.write(request, reply, 'moderate', async () => {
      const body = ModerationRuleSetSchema.safeParse(request.body);
      if (!body.success) return invalid('The rule set', body.error);
      return async (trx) => json(200, await replaceRuleSet(trx, body.data, new Date(options.now()).toISOString()));
    });
    return reply;
  });
}
