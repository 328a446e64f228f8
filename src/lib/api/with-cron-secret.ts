/**
 * The adapter for what the scheduler calls: `Authorization: Bearer $CRON_SECRET` (compared in
 * constant time; no secret configured means nobody gets in), the query parsed by the use case's
 * schema, then the use case. A run with failed agencies answers 500, so the scheduler's own
 * alerting sees it.
 */
import type { z } from 'zod';
import { config } from '@/lib/config';
import { hasBearerToken } from './bearer-token';
import { ApiError } from './problem';
import { parseInput } from '@/lib/parse-input';
import { queryObject } from './request';
import { withPublicRoute } from './with-agency-auth';

interface ServiceUseCase<Q extends z.ZodType, R extends { failed: number }> {
  query: Q;
  run(query: z.output<Q>): Promise<R>;
}

export function withCronSecret<Q extends z.ZodType, R extends { failed: number }>(useCase: ServiceUseCase<Q, R>) {
  return withPublicRoute(async ({ request }) => {
    if (!hasBearerToken(request, config().cronSecret)) {
      throw new ApiError(401, 'unauthorized', 'Cron secret required', 'Send Authorization: Bearer <CRON_SECRET>.');
    }
    const outcome = await useCase.run(await parseInput(useCase.query, queryObject(new URL(request.url)), 'query'));
    return Response.json(outcome, { status: outcome.failed > 0 ? 500 : 200 });
  });
}
