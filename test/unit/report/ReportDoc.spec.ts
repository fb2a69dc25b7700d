// The report document renders to HTML and Markdown with every piece of text escaped for its format:
// no tag, link or table cell boundary from the data survives.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { docHtml, docMarkdown, escapeHtml, escapeMd, type ReportDoc } from '../../../src/report/index.ts';
import { fc } from '../../support/fastCheck.ts';

const doc = (a: string, b: string): ReportDoc => ({
  title: a,
  subtitle: b,
  sections: [
    {
      id: a,
      heading: b,
      blocks: [
        { kind: 'p', text: a },
        { kind: 'lead', lead: b, text: a },
        { kind: 'list', items: [a, b] },
        { kind: 'table', table: { caption: b, headers: [a], rows: [[a, 1]] } },
        { kind: 'code', text: a },
        {
          kind: 'figure',
          name: 'cliff-p99',
          svg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>',
          png: 'cliff-p99.png',
          caption: b,
        },
      ],
    },
  ],
});

const OWN_TAGS =
  /^<\/?(body|h1|h2|p|strong|ul|li|table|caption|thead|tbody|tr|th|td|html|nav|a|section|pre|code|figure|figcaption|svg)$/;

describe('ReportDoc', () => {
  it('HTML: escapes every text it is given — only the page’s own tags', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const html = docHtml(doc(a, b));
        const body = html.slice(html.indexOf('<body>'));
        for (const t of body.match(/<\/?([a-z0-9]+)/g) ?? []) assert.ok(OWN_TAGS.test(t), `unexpected ${t}`);
      }),
    );
    assert.equal(escapeHtml(`<a href="x">&'`), '&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
  });

  it('Markdown: a table row keeps its cells whatever the text; no raw HTML; a code block is never closed early', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const md = docMarkdown(doc(a, b));
        // Outside the code block (where text is literal), no '<' reaches the page.
        assert.ok(!md.replace(/^(`{3,})sh\n[\s\S]*?\n\1$/m, '').includes('<'), 'no raw HTML from the data');
        const row = md.split('\n').find((l) => l.startsWith('| ') && l.endsWith(' | 1 |'));
        assert.ok(row !== undefined, 'the table row');
        // Unescaped pipes delimit cells: the row has exactly its two cells.
        assert.equal(row.replace(/\\\|/g, '').split('|').length - 2, 2);
        const fence = md.match(/^(`{3,})sh$/m)?.[1] as string;
        assert.ok(!a.includes(fence), 'the fence is longer than any run of backticks in the code');
      }),
    );
  });

  it('Markdown: escapes emphasis, links and line starts; figures are the PNGs beside the page', () => {
    assert.equal(escapeMd('*a* [b](c) <i> x|y & `z`'), '\\*a\\* \\[b\\](c) &lt;i> x\\|y &amp; \\`z\\`');
    assert.equal(escapeMd('# not a heading'), '\\# not a heading');
    assert.equal(escapeMd('- not a list'), '\\- not a list');
    assert.equal(escapeMd('2.5'), '2.5');
    assert.equal(escapeMd('1. not a list'), '\\1. not a list');
    assert.match(docMarkdown(doc('t', 'caption')), /!\[caption\]\(cliff-p99\.png\)/);
  });

  it('HTML: inlines figures (no XML declaration), right-aligns numeric cells, links every section', () => {
    const html = docHtml({
      title: 't',
      subtitle: 's',
      sections: [
        {
          id: 'answer',
          heading: 'The answer',
          blocks: [
            {
              kind: 'table',
              table: {
                caption: 'c',
                headers: ['series', '10'],
                rows: [
                  ['r5', '0.125'],
                  ['m7a', '99.5%'],
                  ['x', '1.2 s'],
                ],
              },
            },
            { kind: 'figure', name: 'p99', svg: '<?xml version="1.0"?>\n<svg></svg>', png: 'p99.png' },
          ],
        },
      ],
    });
    assert.match(html, /<figure id="p99">\n<svg/);
    assert.ok(!html.includes('<?xml'));
    assert.match(html, /<td class="num">0\.125<\/td>/);
    assert.match(html, /<td class="num">99\.5%<\/td>/);
    assert.match(html, /<td class="num">1\.2 s<\/td>/);
    assert.match(html, /<td>r5<\/td>/);
    assert.match(html, /<a href="#answer">The answer<\/a>/);
    assert.ok(!/<script|<link|src=|href="http/.test(html), 'self-contained: no scripts, no external requests');
  });
});
