import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_LABELS, TROUBLESHOOTING_QUESTIONS } from '@/components/help/troubleshooting-content';
import { headings, renderedText, sectionUnder, type Heading } from '../helpers/markdown';

/**
 * docs/TROUBLESHOOTING.md is the in-app troubleshooting page on paper (for support without the
 * app at hand, and for the engineer on call, whose notes it adds): the same headings in the same
 * order, every diagnostic the page lists, and every common question with the page's own answer.
 * The page's headings are read from its source (a `{…}` in one, such as the agency's name, stands
 * for any words); its questions and labels from the module it renders them from.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const PAGE = 'src/app/(app)/help/troubleshooting/page.tsx';
const DOC = 'docs/TROUBLESHOOTING.md';

const doc = readFileSync(path.join(ROOT, DOC), 'utf8');
const docHeadings = headings(doc);

/**
 * The page's h1–h6 elements in source order: their level and their text, `{…}` for an expression.
 * A help component the page renders (`<ServiceObjectivesPanel … />`, from src/components/help)
 * is part of the page: its headings count where it stands.
 */
function jsxHeadings(fileName: string, source: string): { level: number; text: string }[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const helpComponents = new Map<string, string>();
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const from = /^@\/components\/help\/(\w+)$/.exec(statement.moduleSpecifier.text)?.[1];
    const named = statement.importClause?.namedBindings;
    if (from && named && ts.isNamedImports(named)) for (const { name } of named.elements) helpComponents.set(name.text, from);
  }
  const textOf = (node: ts.Node): string => {
    if (ts.isJsxText(node)) return node.text;
    if (ts.isJsxExpression(node)) return node.expression && ts.isStringLiteral(node.expression) ? node.expression.text : '{…}';
    if (ts.isJsxElement(node)) return node.children.map(textOf).join('');
    return '';
  };
  const found: { level: number; text: string }[] = [];
  const visit = (node: ts.Node) => {
    const tag = ts.isJsxElement(node)
      ? node.openingElement.tagName.getText(file)
      : ts.isJsxSelfClosingElement(node)
        ? node.tagName.getText(file)
        : null;
    const level = tag && /^h([1-6])$/.exec(tag)?.[1];
    if (level) found.push({ level: Number(level), text: textOf(node).replace(/\s+/g, ' ').trim() });
    const component = tag && helpComponents.get(tag);
    if (component) {
      const componentFile = `src/components/help/${component}.tsx`;
      found.push(...jsxHeadings(componentFile, readFileSync(path.join(ROOT, componentFile), 'utf8')));
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Whether a doc heading says a page heading ("Diagnostics for {…}" matches "Diagnostics for your agency"). */
const says = (docText: string, pageText: string) =>
  new RegExp(`^${pageText.split('{…}').map(escapeRegExp).join('.+')}$`, 'u').test(docText);

const find = (level: number, text: string, after = -1): Heading | undefined =>
  docHeadings.find((heading) => heading.line > after && heading.level === level && says(heading.text, text));

describe(`${DOC} matches the troubleshooting page`, () => {
  const pageHeadings = jsxHeadings(PAGE, readFileSync(path.join(ROOT, PAGE), 'utf8'));

  it('reads the page: its title first, then its sections, an expression in one as {…}', () => {
    expect(pageHeadings[0]).toEqual({ level: 1, text: 'Troubleshooting' });
    expect(pageHeadings.filter(({ level }) => level === 2).length).toBeGreaterThanOrEqual(2);
    expect(pageHeadings.some(({ text }) => /\S \{…\}/.test(text))).toBe(true);
  });

  it('has each of the page’s headings, at the same level and in the same order', () => {
    let after = -1;
    const missing: string[] = [];
    for (const { level, text } of pageHeadings) {
      const heading = find(level, text, after);
      if (heading) after = heading.line;
      else missing.push(`${'#'.repeat(level)} ${text}`);
    }
    expect(missing.join('\n'), `headings of ${PAGE} missing from ${DOC} (or out of order)`).toBe('');
  });

  it('describes every diagnostic the page lists, under its label', () => {
    const diagnostics = sectionUnder(doc, find(2, 'Diagnostics for {…}')!);
    const described = new Set([...diagnostics.matchAll(/^\|\s*([^|]+?)\s*\|/gm)].map((match) => renderedText(match[1]!)));
    const missing = Object.values(DIAGNOSTIC_LABELS).filter((label) => !described.has(label));
    expect(missing.join('\n'), `diagnostics of the page without a row in ${DOC}`).toBe('');
  });

  it('asks every common question, in the page’s order, with the page’s answer', () => {
    const common = find(2, 'Common questions')!;
    let after = common.line;
    const problems: string[] = [];
    for (const { q, a } of TROUBLESHOOTING_QUESTIONS) {
      const heading = find(3, q, after);
      if (!heading) {
        problems.push(`no "### ${q}" under "Common questions" (in order)`);
        continue;
      }
      after = heading.line;
      if (!renderedText(sectionUnder(doc, heading)).includes(a)) problems.push(`"${q}" does not give the page's answer`);
    }
    expect(problems.join('\n')).toBe('');
  });
});
