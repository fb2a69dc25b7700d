// Charts to disk: each Vega-Lite spec as .vl.json, .svg and .png (written atomically).

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { renderPng, renderSvg, type Spec } from '../report/index.ts';
import { writeFileAtomic } from './writeFileAtomic.ts';

/** The fonts the PNG renderer uses (from the dejavu-fonts-ttf package, so output does not depend on the host). */
function fontFiles(): string[] {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('dejavu-fonts-ttf/package.json'));
  return [join(root, 'ttf', 'DejaVuSans.ttf'), join(root, 'ttf', 'DejaVuSans-Bold.ttf')];
}

/** Ready-made SVG figures (the machines' topology diagrams) to disk as .svg and .png. */
export async function writeFigures(dir: string, figures: readonly { name: string; svg: string }[]): Promise<string[]> {
  const fonts = fontFiles();
  const files: string[] = [];
  for (const f of figures) {
    writeFileAtomic(join(dir, `${f.name}.svg`), f.svg);
    writeFileAtomic(join(dir, `${f.name}.png`), await renderPng(f.svg, fonts));
    files.push(`${f.name}.svg`, `${f.name}.png`);
  }
  return files;
}

export async function writeCharts(
  dir: string,
  charts: Record<string, Spec>,
): Promise<{ name: string; file: string; svg: string }[]> {
  const fonts = fontFiles();
  const written: { name: string; file: string; svg: string }[] = [];
  for (const [name, spec] of Object.entries(charts)) {
    const svg = await renderSvg(spec);
    const png = await renderPng(svg, fonts);
    writeFileAtomic(join(dir, `${name}.vl.json`), `${JSON.stringify(spec, null, 2)}\n`);
    writeFileAtomic(join(dir, `${name}.svg`), svg);
    writeFileAtomic(join(dir, `${name}.png`), png);
    written.push({ name, file: `${name}.png`, svg });
  }
  return written;
}
