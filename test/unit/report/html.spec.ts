import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeHtml, reportHtml } from '../../../src/report/index.ts';
import { fc } from '../../support/fastCheck.ts';

describe('HTML report', () => {
  it('escapes every text it is given: no tag from the data survives', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const html = reportHtml({
          title: a,
          subtitle: b,
          notes: [a],
          tables: [{ caption: b, headers: [a], rows: [[a, 1]] }],
          charts: [],
        });
        const body = html.slice(html.indexOf('<body>'));
        // Only the report's own tags: no '<' from the data.
        const tags = body.match(/<\/?([a-z0-9]+)/g) ?? [];
        for (const t of tags)
          assert.ok(/^<\/?(body|h1|p|table|caption|thead|tbody|tr|th|td|html)$/.test(t), `unexpected ${t}`);
      }),
    );
    assert.equal(escapeHtml(`<a href="x">&'`), '&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
  });

  it('inlines the charts and right-aligns numeric cells', () => {
    const html = reportHtml({
      title: 't',
      subtitle: 's',
      notes: [],
      tables: [
        {
          caption: 'c',
          headers: ['series', '10'],
          rows: [
            ['r5', '0.125'],
            ['m7a', '99.5%'],
          ],
        },
      ],
      charts: [{ name: 'cliff-p99', svg: '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>' }],
    });
    assert.match(html, /<figure id="cliff-p99">\n<svg/);
    assert.ok(!html.includes('<?xml'));
    assert.match(html, /<td class="num">0\.125<\/td>/);
    assert.match(html, /<td class="num">99\.5%<\/td>/);
    assert.match(html, /<td>r5<\/td>/);
  });
});
