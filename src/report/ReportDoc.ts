// A report as a document — sections of paragraphs, lists, tables, figures and code — rendered to one
// self-contained HTML page (figures inlined as SVG, no scripts, no external requests) or to Markdown
// for pasting into a review document (figures as the PNG files written beside it). Every piece of text
// is escaped for its format here, so user strings (scenario names, descriptions, --set values) cannot
// inject markup.

import { escapeHtml, type ReportTable } from './html.ts';

export type Block =
  | { readonly kind: 'p'; readonly text: string }
  /** A paragraph with its leading words in bold (a finding). */
  | { readonly kind: 'lead'; readonly lead: string; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  | { readonly kind: 'table'; readonly table: ReportTable }
  /** A figure: its SVG for HTML, its PNG file (beside the report) for Markdown. */
  | {
      readonly kind: 'figure';
      readonly name: string;
      readonly svg: string;
      readonly png: string;
      readonly caption?: string;
    }
  | { readonly kind: 'code'; readonly text: string };

export interface Section {
  readonly id: string;
  readonly heading: string;
  readonly blocks: readonly Block[];
}

export interface ReportDoc {
  readonly title: string;
  readonly subtitle: string;
  readonly sections: readonly Section[];
}

/** Cells that read as numbers (right-aligned): 12, 0.125, 99.5%, -3, 1.2 s. */
const NUMERIC = /^-?[0-9][0-9.,]*( ?(%|s|ms|µs|ns|MB|KB))?$/;

function htmlTable(t: ReportTable): string {
  const head = t.headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = t.rows
    .map(
      (r) =>
        `<tr>${r.map((c) => `<td${NUMERIC.test(String(c)) ? ' class="num"' : ''}>${escapeHtml(String(c))}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<table>\n<caption>${escapeHtml(t.caption)}</caption>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

function htmlBlock(b: Block): string {
  switch (b.kind) {
    case 'p':
      return `<p>${escapeHtml(b.text)}</p>`;
    case 'lead':
      return `<p><strong>${escapeHtml(b.lead)}</strong> ${escapeHtml(b.text)}</p>`;
    case 'list':
      return `<ul>\n${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('\n')}\n</ul>`;
    case 'table':
      return htmlTable(b.table);
    case 'figure':
      // The SVGs come from vega's renderer or topologySvg (which escapes its text); only an XML declaration is dropped.
      return `<figure id="${escapeHtml(b.name)}">\n${b.svg.replace(/^<\?xml[^>]*>\s*/, '')}${b.caption === undefined ? '' : `\n<figcaption>${escapeHtml(b.caption)}</figcaption>`}\n</figure>`;
    case 'code':
      return `<pre><code>${escapeHtml(b.text)}</code></pre>`;
  }
}

/** The document as one HTML page. */
export function docHtml(d: ReportDoc): string {
  const toc = d.sections.map((s) => `<li><a href="#${escapeHtml(s.id)}">${escapeHtml(s.heading)}</a></li>`).join('');
  const body = d.sections
    .map(
      (s) =>
        `<section id="${escapeHtml(s.id)}">\n<h2>${escapeHtml(s.heading)}</h2>\n${s.blocks.map(htmlBlock).join('\n')}\n</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(d.title)}</title>
<style>
body { font-family: "DejaVu Sans", Verdana, sans-serif; margin: 2em auto; max-width: 1250px; padding: 0 1.5em; color: #111; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.25em; margin-top: 2.2em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; }
.subtitle { color: #555; margin-top: 0; }
nav ul { display: flex; flex-wrap: wrap; gap: 0.4em 1.4em; padding: 0; list-style: none; font-size: 0.95em; }
table { border-collapse: collapse; margin: 1.2em 0; font-size: 0.88em; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.4em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
figure { margin: 1.5em 0; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: #555; font-size: 0.9em; }
pre { background: #f5f5f5; padding: 0.8em; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
</style>
</head>
<body>
<h1>${escapeHtml(d.title)}</h1>
<p class="subtitle">${escapeHtml(d.subtitle)}</p>
<nav><ul>${toc}</ul></nav>
${body}
</body>
</html>
`;
}

/** Escapes text for Markdown: emphasis, code, links, tables, HTML, and what would start a heading, quote or list. */
export function escapeMd(text: string): string {
  return text
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/\r?\n/g, ' ')
    .replace(/^(\s*)(#{1,6}(?=\s|$)|>|[+-](?=\s|$)|\d+[.)](?=\s|$))/, '$1\\$2');
}

function mdTable(t: ReportTable): string {
  const cell = (c: string | number): string => escapeMd(String(c));
  return [
    `**${escapeMd(t.caption)}**`,
    '',
    `| ${t.headers.map(cell).join(' | ')} |`,
    `| ${t.headers.map((_, i) => (t.rows.every((r) => NUMERIC.test(String(r[i] ?? ''))) ? '---:' : '---')).join(' | ')} |`,
    ...t.rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

function mdBlock(b: Block): string {
  switch (b.kind) {
    case 'p':
      return escapeMd(b.text);
    case 'lead':
      return `**${escapeMd(b.lead)}** ${escapeMd(b.text)}`;
    case 'list':
      return b.items.map((i) => `- ${escapeMd(i)}`).join('\n');
    case 'table':
      return mdTable(b.table);
    case 'figure':
      return `![${escapeMd(b.caption ?? b.name)}](${b.png})`;
    case 'code': {
      const fence = '`'.repeat(Math.max(3, ...[...b.text.matchAll(/`+/g)].map((m) => m[0].length + 1)));
      return `${fence}sh\n${b.text}\n${fence}`;
    }
  }
}

/** The document as Markdown, its figures as the PNG files beside it. */
export function docMarkdown(d: ReportDoc): string {
  const parts = [`# ${escapeMd(d.title)}`, '', `*${escapeMd(d.subtitle)}*`];
  for (const s of d.sections) parts.push('', `## ${escapeMd(s.heading)}`, ...s.blocks.flatMap((b) => ['', mdBlock(b)]));
  return `${parts.join('\n')}\n`;
}
