import type { FastifyRequest } from 'fastify';
import { requireAuth } from '../../http/session.ts';

/**
 * preHandler for routes about one person (`:personId` in the path): a supervisor or admin may act
 * only on staff of their own OOAD (issue 19 item 17). Other roles pass; their route guard decides.
 */
export function personInActorsOoad(param = 'personId') {
  return async (request: FastifyRequest): Promise<void> => {
    const personId = (request.params as Record<string, string | undefined>)[param];
    if (personId) await request.server.services.accounts.assertInScope(requireAuth(request), { personId });
  };
}
