// Rendering: Vega-Lite → Vega → SVG (no canvas: vega's SVG string renderer), SVG → PNG with resvg
// and a given sans font (so the output does not depend on the fonts a machine has). vega-lite, vega
// and resvg are imported on first use: they cost time at start-up.

import type { Spec } from './charts.ts';

export async function renderSvg(spec: Spec): Promise<string> {
  const [vl, vega] = await Promise.all([import('vega-lite'), import('vega')]);
  const compiled = vl.compile(spec as never).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

export async function renderPng(svg: string, fontFiles: readonly string[]): Promise<Uint8Array> {
  const { Resvg } = await import('@resvg/resvg-js');
  const r = new Resvg(svg, {
    font: { fontFiles: [...fontFiles], loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
    fitTo: { mode: 'zoom', value: 2 },
    background: 'white',
  });
  return r.render().asPng();
}
