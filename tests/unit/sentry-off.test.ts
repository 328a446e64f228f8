import { afterEach, describe, expect, it, vi } from 'vitest';

/**
 * Without SENTRY_DSN error reporting is inert on the server: the SDK is never imported (so no
 * OpenTelemetry hook, HTTP instrumentation or socket of it exists), nothing is sent, and the
 * tunnel answers 404. The SDK's modules are replaced by stand-ins that count their imports; the
 * second test shows the count does move once a DSN is set.
 */
const imports = vi.hoisted(() => ({ sdk: 0, core: 0 }));
vi.mock('@sentry/nextjs', () => {
  imports.sdk += 1;
  return {};
});
vi.mock('@sentry/core', () => {
  imports.core += 1;
  return {};
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
const pageError = [
  { path: '/analytics/segmentation', method: 'GET', headers: {} },
  { routerKind: 'App Router', routePath: '/analytics/segmentation', routeType: 'render', revalidateReason: undefined },
] as const;

describe('error reporting without SENTRY_DSN', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
    imports.sdk = 0;
    imports.core = 0;
  });

  it('imports nothing of the SDK, reports nothing, and the tunnel is a 404', async () => {
    const reporting = await import('@/lib/observability/error-reporting');
    const { onRequestError } = await import('@/instrumentation');
    const { POST: tunnel } = await import('@/app/api/monitoring/route');
    await reporting.startErrorReporting();
    reporting.reportError(new Error('boom'), { route: '/api/customers' });
    await onRequestError(new Error('render failed'), ...pageError);
    const response = await tunnel(new Request('http://localhost/api/monitoring', { method: 'POST', body: '{}\n{"type":"event"}\n{}' }));
    await settle();
    expect(response.status).toBe(404);
    expect(imports).toEqual({ sdk: 0, core: 0 });
  });

  it('(the same calls with a DSN do load it)', async () => {
    vi.stubEnv('SENTRY_DSN', 'http://key@127.0.0.1:9/1');
    const reporting = await import('@/lib/observability/error-reporting');
    reporting.reportError(new Error('boom'), { route: '/api/customers' });
    await settle();
    expect(imports.sdk).toBe(1);
  });
});
