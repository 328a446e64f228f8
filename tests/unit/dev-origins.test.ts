import { describe, expect, it } from 'vitest';
// Next's own guard for its dev resources (the HMR socket, /_next/*), as `next dev` runs it.
import { blockCrossSiteDEV } from 'next/dist/server/lib/router-utils/block-cross-site-dev';
import nextConfig from '../../next.config';

/** What the dev server does with a request from a page opened at `origin` while it listens on `localhost`. */
function answer(origin: string, path = '/_next/webpack-hmr') {
  const response = {
    statusCode: 200,
    ended: false,
    end() {
      this.ended = true;
    },
  };
  const request = { url: path, headers: { origin, 'sec-fetch-mode': 'websocket', 'sec-fetch-site': 'same-site' } };
  const blocked = blockCrossSiteDEV(request as never, response as never, nextConfig.allowedDevOrigins, 'localhost');
  return blocked ? response.statusCode : 'allowed';
}

describe('the dev server and loopback origins', () => {
  it.each(['http://127.0.0.1:3000', 'http://localhost:3000', 'http://127.0.0.1:3210'])(
    'serves hot reload to a page opened at %s',
    (origin) => {
      expect(answer(origin)).toBe('allowed');
      expect(answer(origin, '/_next/static/chunks/app.js')).toBe('allowed');
    },
  );

  it('still refuses other sites', () => {
    expect(answer('http://evil.test')).toBe(403);
    expect(answer('http://192.168.1.20:3000')).toBe(403);
  });
});
