import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const FILE = 'docs/PERFORMANCE.md';
const TITLE = '# Performance\n\nEach section is written by the benchmark it names; rerun it to refresh the figures.\n';

/** Replaces one benchmark's section of docs/PERFORMANCE.md, leaving the others as they are. */
export function writePerformanceSection(name: string, markdown: string) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  let doc = existsSync(FILE) ? readFileSync(FILE, 'utf8') : TITLE;
  if (!doc.includes('<!-- ')) doc = TITLE; // an older, unsectioned report: start over
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  doc = from !== -1 && to !== -1 ? doc.slice(0, from) + block + doc.slice(to + end.length) : `${doc.trimEnd()}\n\n${block}\n`;
  writeFileSync(FILE, doc);
  console.log(`wrote the ${name} section of ${FILE}`);
}
