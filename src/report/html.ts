// A self-contained HTML report for design reviews: a summary table, further tables, and the charts
// inlined as SVG (no external files, no scripts), so one file can be attached to a review.

export interface ReportTable {
  readonly caption: string;
  readonly headers: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
}

export interface HtmlReport {
  readonly title: string;
  readonly subtitle: string;
  /** Paragraphs of plain text shown under the title. */
  readonly notes: readonly string[];
  readonly tables: readonly ReportTable[];
  /** Charts as rendered SVG documents, in order. */
  readonly charts: readonly { readonly name: string; readonly svg: string }[];
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

/** Cells that read as numbers (right-aligned): 12, 0.125, 99.5%, -3. */
const NUMERIC = /^-?[0-9][0-9.,]*%?$/;

function table(t: ReportTable): string {
  const head = t.headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = t.rows
    .map(
      (r) =>
        `<tr>${r.map((c) => `<td${NUMERIC.test(String(c)) ? ' class="num"' : ''}>${escapeHtml(String(c))}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<table>\n<caption>${escapeHtml(t.caption)}</caption>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** The report as one HTML document. */
export function reportHtml(r: HtmlReport): string {
  // The SVGs come from vega's renderer; only their XML declaration (if any) is dropped.
  const charts = r.charts
    .map((c) => `<figure id="${escapeHtml(c.name)}">\n${c.svg.replace(/^<\?xml[^>]*>\s*/, '')}\n</figure>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(r.title)}</title>
<style>
body { font-family: "DejaVu Sans", Verdana, sans-serif; margin: 2em; max-width: 1200px; color: #111; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; }
.subtitle { color: #555; margin-top: 0; }
table { border-collapse: collapse; margin: 1.5em 0; font-size: 0.9em; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.4em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 2em 0; }
figure svg { max-width: 100%; height: auto; }
</style>
</head>
<body>
<h1>${escapeHtml(r.title)}</h1>
<p class="subtitle">${escapeHtml(r.subtitle)}</p>
${r.notes.map((n) => `<p>${escapeHtml(n)}</p>`).join('\n')}
${r.tables.map(table).join('\n')}
${charts}
</body>
</html>
`;
}
