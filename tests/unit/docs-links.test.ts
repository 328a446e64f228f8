import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { headingAnchors, linkTargets } from '../helpers/markdown';

/**
 * The README and docs/ are read on GitHub and in an editor: every link in them must open
 * something in this repository (a file that exists, and the heading an anchor names), and none
 * may lead out of it (no ../ beyond the repository, no web address): they describe the product
 * in its own words.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const DOCS = [
  'README.md',
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** What is wrong with one link of `file`, or null. */
function brokenLink(file: string, target: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) return 'points outside the repository';
  const [pathPart = '', anchor] = target.split('#', 2) as [string, string | undefined];
  const resolved = pathPart === '' ? path.join(ROOT, file) : path.resolve(path.dirname(path.join(ROOT, file)), decodeURI(pathPart));
  if (path.relative(ROOT, resolved).startsWith('..')) return 'points outside the repository';
  if (!existsSync(resolved)) return 'names no file';
  if (anchor === undefined || !resolved.endsWith('.md') || statSync(resolved).isDirectory()) return null;
  return headingAnchors(readFileSync(resolved, 'utf8')).has(decodeURIComponent(anchor)) ? null : `has no heading #${anchor}`;
}

describe('links in the README and docs/', () => {
  it('finds the docs, and links in each', () => {
    expect(DOCS).toEqual(expect.arrayContaining(['README.md', 'docs/USER_GUIDE.md', 'docs/TROUBLESHOOTING.md']));
    expect(linkTargets(readFileSync(path.join(ROOT, 'README.md'), 'utf8')).length).toBeGreaterThan(3);
  });

  it.each(DOCS)('%s: every relative link opens a file of the repository and the heading it names', (file) => {
    const problems = linkTargets(readFileSync(path.join(ROOT, file), 'utf8')).flatMap(({ target, line }) => {
      const problem = brokenLink(file, target);
      return problem ? [`${file}:${line + 1}: ${target} ${problem}`] : [];
    });
    expect(problems.join('\n')).toBe('');
  });

  it('tells a broken link from a good one (the check itself)', () => {
    expect(brokenLink('README.md', 'docs/DEPLOYMENT.md#scheduled-refresh')).toBeNull();
    expect(brokenLink('docs/PRODUCT.md', '../README.md')).toBeNull();
    expect(brokenLink('README.md', 'docs/DEPLOYMENT.md#no-such-heading')).toBe('has no heading #no-such-heading');
    expect(brokenLink('README.md', 'docs/NO_SUCH_FILE.md')).toBe('names no file');
    expect(brokenLink('docs/PRODUCT.md', '../../shared/SPEC.md')).toBe('points outside the repository');
    expect(brokenLink('README.md', 'https://example.com/')).toBe('points outside the repository');
  });
});
