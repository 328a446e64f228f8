/**
 * Just enough Markdown for the docs tests: ATX headings (`## Title`), their sections, inline and
 * reference links, and the anchors GitHub gives headings. Fenced code blocks and inline code are
 * skipped, so a `# comment` in a shell example is not a heading and `[x](y)` in code is no link.
 */

export interface Heading {
  level: number;
  /** As rendered: inline code, emphasis and link syntax removed. */
  text: string;
  /** 0-based line of the heading. */
  line: number;
}

const FENCE = /^\s{0,3}(```|~~~)/;

/** The lines that are prose (not inside a fenced code block), with their line numbers. */
function proseLines(markdown: string): { text: string; line: number }[] {
  const lines = markdown.split('\n');
  const prose: { text: string; line: number }[] = [];
  let fence: string | null = null;
  lines.forEach((text, line) => {
    const marker = FENCE.exec(text)?.[1];
    if (fence) {
      if (marker === fence) fence = null;
    } else if (marker) fence = marker;
    else prose.push({ text, line });
  });
  return prose;
}

/** A heading's or a paragraph's text as a reader sees it. */
export function renderedText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[^\w*])\*(\S(?:.*?\S)?)\*/g, '$1$2')
    .replace(/\s+/g, ' ')
    .trim();
}

export function headings(markdown: string): Heading[] {
  return proseLines(markdown).flatMap(({ text, line }) => {
    const match = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(text);
    return match ? [{ level: match[1]!.length, text: renderedText(match[2]!), line }] : [];
  });
}

/** The Markdown from below a heading to the next heading of the same or a higher level. */
export function sectionUnder(markdown: string, heading: Heading): string {
  const lines = markdown.split('\n');
  const next = headings(markdown).find((other) => other.line > heading.line && other.level <= heading.level);
  return lines.slice(heading.line + 1, next?.line ?? lines.length).join('\n');
}

/**
 * The anchors GitHub gives a file's headings: lower case, punctuation and symbols (emoji too)
 * dropped, each space a hyphen; a repeated anchor gets -1, -2….
 */
export function headingAnchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const { text } of headings(markdown)) {
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** Every link target in prose: `[text](target "title")` and `[label]: target` definitions. */
export function linkTargets(markdown: string): { target: string; line: number }[] {
  return proseLines(markdown).flatMap(({ text, line }) => {
    const prose = text.replace(/`[^`]*`/g, '');
    const inline = [...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1]!);
    const definition = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/.exec(prose)?.[1];
    return [...inline, ...(definition ? [definition] : [])].map((target) => ({ target, line }));
  });
}
