// The pages a reviewer reads: a cliff search's report (HTML and Markdown) and the three notebooks at
// reduced size (--quick, as CI runs them). Every page is written with the charts it refers to; then
// each is opened in headless Chromium (the Debian `chromium` package, driven by playwright-core):
// every figure renders as an SVG with marks, nothing is logged as an error, no request leaves the
// page, and a screenshot is kept in test-artifacts/browser/. Without Chromium the browser test skips
// and says why (.ci/run installs it).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, describe, it } from 'node:test';

const NOTEBOOKS = ['mount-mayhem', 'lock-algorithms', 'layer-budget'];
const ARTIFACTS = resolve('test-artifacts/browser');
const CHROMIUM_PATHS = [process.env.LOCKCLIFF_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

function run(args: readonly string[]): void {
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, `${args.join(' ')}\n${r.stderr}`);
}

const dir = mkdtempSync(join(tmpdir(), 'lockcliff-pages-'));
const pages: { name: string; html: string; md: string }[] = [];

before(() => {
  run([
    'bin/lockcliff.js',
    'cliff',
    'scenarios/mount-mayhem.yaml',
    '--vary',
    'machine+smt=r5.metal+on,m7a.24xlarge+off',
    '--vary',
    'strategy=per-layer-idmap,common-parent',
    '--load',
    'containers=10:90',
    '--set',
    'burst.layers=20',
    '--set',
    'probes.timeout=0.4s',
    '--set',
    'probes.period=1s',
    '--set',
    'description=<script>alert(1)</script> & *emphasis*',
    '--seeds',
    '1',
    '--jobs',
    '1',
    '--format',
    'both',
    '--out',
    join(dir, 'report'),
  ]);
  pages.push({ name: 'report', html: join(dir, 'report', 'report.html'), md: join(dir, 'report', 'report.md') });
  for (const name of NOTEBOOKS) {
    run(['--import', 'tsx', 'notebooks/run.ts', name, '--quick', '--jobs', '1', '--out', join(dir, 'notebooks')]);
    pages.push({ name, html: join(dir, 'notebooks', `${name}.html`), md: join(dir, 'notebooks', `${name}.md`) });
  }
});

describe('pages', () => {
  it('each page is written, in HTML and in Markdown with every PNG it shows beside it', () => {
    for (const p of pages) {
      const html = readFileSync(p.html, 'utf8');
      assert.match(html, /^<!doctype html>/);
      assert.ok((html.match(/<figure /g) ?? []).length >= 1, `${p.name}: figures`);
      const md = readFileSync(p.md, 'utf8');
      const images = [...md.matchAll(/!\[[^\]]*\]\(([^)]+\.png)\)/g)].map((m) => m[1] as string);
      assert.ok(images.length >= 1, `${p.name}: images in the Markdown`);
      for (const image of images) assert.ok(existsSync(join(dirname(p.md), image)), `${p.name}: ${image}`);
      assert.match(md, /## How to reproduce this page/);
    }
  });

  it('a notebook gives the same page, byte for byte, when run again', () => {
    const again = join(dir, 'again');
    run(['--import', 'tsx', 'notebooks/run.ts', 'lock-algorithms', '--quick', '--jobs', '1', '--out', again]);
    for (const ext of ['html', 'md'])
      assert.equal(
        readFileSync(join(again, `lock-algorithms.${ext}`), 'utf8'),
        readFileSync(join(dir, 'notebooks', `lock-algorithms.${ext}`), 'utf8'),
      );
  });

  it('the report escapes what the user wrote', () => {
    const html = readFileSync(pages[0]?.html as string, 'utf8');
    assert.ok(!html.includes('<script>alert(1)</script>'));
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt; &amp; *emphasis*'));
    assert.ok(
      readFileSync(pages[0]?.md as string, 'utf8').includes('&lt;script>alert(1)&lt;/script> &amp; \\*emphasis\\*'),
    );
  });

  it('in headless Chromium: every figure renders with marks, no console errors, no request leaves the page', async (t) => {
    const executablePath = CHROMIUM_PATHS.find((p) => p !== undefined && existsSync(p));
    if (executablePath === undefined) {
      const why = `no Chromium at ${CHROMIUM_PATHS.filter(Boolean).join(' or ')} (apt-get install chromium, or set LOCKCLIFF_CHROMIUM)`;
      console.log(`browser test skipped: ${why}`);
      t.skip(why);
      return;
    }
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
    mkdirSync(ARTIFACTS, { recursive: true });
    try {
      for (const p of pages) {
        const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
        const errors: string[] = [];
        const outside: string[] = [];
        page.on('console', (m) => {
          if (m.type() === 'error') errors.push(m.text());
        });
        page.on('pageerror', (e) => errors.push(e.message));
        const self = pathToFileURL(p.html).href;
        await page.route('**/*', (route) => {
          const url = route.request().url();
          if (url === self) return route.continue();
          outside.push(url);
          return route.abort();
        });
        await page.goto(self);
        const figures = await page.$$eval('figure', (fs) =>
          fs.map((f) => ({
            id: f.id,
            svg: f.querySelector('svg') !== null,
            marks: f.querySelectorAll('svg path, svg rect, svg line, svg circle, svg text').length,
            width: f.querySelector('svg')?.getBoundingClientRect().width ?? 0,
          })),
        );
        assert.ok(figures.length >= 1, `${p.name}: figures`);
        for (const f of figures) {
          assert.ok(f.svg, `${p.name}: figure ${f.id} has an SVG`);
          assert.ok(f.marks > 10, `${p.name}: figure ${f.id} has marks (${f.marks})`);
          assert.ok(f.width > 100, `${p.name}: figure ${f.id} is laid out (${f.width} px wide)`);
        }
        assert.deepEqual(errors, [], `${p.name}: console errors`);
        assert.deepEqual(outside, [], `${p.name}: requests outside the page`);
        await page.screenshot({ path: join(ARTIFACTS, `${p.name}.png`), fullPage: true });
        console.log(`${p.name}: ${figures.length} figures rendered; screenshot ${join(ARTIFACTS, `${p.name}.png`)}`);
        await page.close();
      }
    } finally {
      await browser.close();
    }
  });
});
