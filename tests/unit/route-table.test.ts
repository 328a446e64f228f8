import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { PUBLIC_ROUTES, ROUTES } from '../helpers/routes';

/**
 * The guard table (tests/helpers/routes.ts) is what the API guard tests run: a route missing from
 * it gets no 401/403/404/400/429 test. This test reads every src/app/**\/route.ts and the methods
 * it exports, so a new route or method cannot ship unlisted, and a listed one cannot outlive its
 * route.
 */
const APP_DIR = path.resolve(import.meta.dirname, '../../src/app');
const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** `customers/[customerId]/route.ts` → `/customers/:customerId`; route groups `(app)` are not in the URL. */
function urlPathOf(routeFile: string): string {
  const segments = path.dirname(path.relative(APP_DIR, routeFile)).split(path.sep);
  const url = segments
    .filter((segment) => segment !== '.' && !/^\(.+\)$/.test(segment))
    .map((segment) => segment.replace(/^\[(?:\.\.\.)?(\w+)\]$/, ':$1'));
  return `/${url.join('/')}`;
}

/** The HTTP methods a route module exports, read from its syntax tree (however it exports them). */
function exportedMethods(routeFile: string, text = readFileSync(routeFile, 'utf8')): string[] {
  const source = ts.createSourceFile(routeFile, text, ts.ScriptTarget.Latest);
  const names: string[] = [];
  const exported = (node: ts.Node) =>
    ts.canHaveModifiers(node) && ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const bindingNames = (name: ts.BindingName): string[] =>
    ts.isIdentifier(name) ? [name.text] : name.elements.flatMap((e) => (ts.isBindingElement(e) ? bindingNames(e.name) : []));
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement) && exported(statement)) {
      names.push(...statement.declarationList.declarations.flatMap((d) => bindingNames(d.name)));
    } else if (ts.isFunctionDeclaration(statement) && exported(statement) && statement.name) {
      names.push(statement.name.text);
    } else if (ts.isExportDeclaration(statement)) {
      // `export * from` hides which methods the file has: name them instead.
      if (!statement.exportClause || !ts.isNamedExports(statement.exportClause)) {
        throw new Error(`${routeFile}: export the HTTP methods by name, not with export *`);
      }
      names.push(...statement.exportClause.elements.map((e) => e.name.text));
    }
  }
  return names.filter((name) => HTTP_METHODS.has(name));
}

function routeFiles(): string[] {
  return readdirSync(APP_DIR, { recursive: true, encoding: 'utf8' })
    .filter((file) => path.basename(file) === 'route.ts')
    .map((file) => path.join(APP_DIR, file));
}

/** "GET /api/customers/:customerId" → the file that answers it. */
const routeMethods = new Map<string, string>(
  routeFiles().flatMap((file) => exportedMethods(file).map((method) => [`${method} ${urlPathOf(file)}`, file] as const)),
);

describe('the guard table in tests/helpers/routes.ts', () => {
  const guarded = ROUTES.map((route) => route.name);
  const exempt = PUBLIC_ROUTES.map((route) => route.name);

  it('finds the routes (the scan itself works)', () => {
    expect(routeMethods.get('GET /api/customers/:customerId')).toMatch(/customers[/\\]\[customerId\][/\\]route\.ts$/);
    expect(routeMethods.size).toBeGreaterThanOrEqual(guarded.length);
  });

  it('reads the methods however a route exports them', () => {
    const text = [
      'export const GET = withAgencyAuth(list);',
      'export async function POST(request: Request) {}',
      'export const { PUT, PATCH: _patch } = handlers;',
      'const remove = handlers.remove; export { remove as DELETE };',
      "export { HEAD } from './shared';",
      'export const dynamic = "force-dynamic"; const OPTIONS = 1;',
    ].join('\n');
    expect(exportedMethods('example/route.ts', text).sort()).toEqual(['DELETE', 'GET', 'HEAD', 'POST', 'PUT']);
    expect(() => exportedMethods('example/route.ts', "export * from './shared';")).toThrow(/by name/);
  });

  it('lists every method of every route.ts, as guarded or public', () => {
    const listed = new Set([...guarded, ...exempt]);
    expect([...routeMethods.keys()].filter((name) => !listed.has(name)).sort()).toEqual([]);
  });

  it('lists no route or method that no longer exists, and none twice', () => {
    expect([...guarded, ...exempt].filter((name) => !routeMethods.has(name)).sort()).toEqual([]);
    expect([...guarded, ...exempt].filter((name, i, all) => all.indexOf(name) !== i)).toEqual([]);
  });

  it.each(ROUTES.map((route) => [route.name, route] as const))('%s runs the handler of that route and method', async (name, route) => {
    const file = routeMethods.get(name);
    expect(file, `${name} is not a route`).toBeDefined();
    const routeModule = (await import(file!)) as Record<string, unknown>;
    expect(route.handler).toBe(routeModule[name.split(' ')[0]!]);
  });
});
