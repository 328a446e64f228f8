/**
 * GET /api/openapi.json — public. The OpenAPI 3.1 reference of this API (src/lib/api/openapi),
 * generated from the routes' own schemas; it holds no data, so caches may keep it for an hour.
 */
import { openApiDocument } from '@/lib/api/openapi/document';
import { withPublicRoute } from '@/lib/api/with-agency-auth';

export const GET = withPublicRoute(async () => Response.json(openApiDocument(), { headers: { 'cache-control': 'public, max-age=3600' } }));
