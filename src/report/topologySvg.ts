// A small diagram of a machine's topology for the report: each socket a box, each L3 domain inside it
// a box with its L3 size, each core a cell, its online hardware threads as dots (two with SMT on).
// Hand-written SVG (no chart library needed for boxes); every text is escaped.

import type { MachineFacts } from '../experiment/index.ts';
import { escapeHtml } from './html.ts';

const CELL = 11;
const GAP = 2;
const PAD = 8;
const HEAD = 16;

/** Cores per row inside an L3 domain box: all of up to 8 (an AMD CCX), else a divisor near 8 so rows are full. */
function coresPerRow(cores: number): number {
  if (cores <= 8) return cores;
  return [8, 6, 12, 10, 9, 7].find((n) => cores % n === 0) ?? 8;
}

export function topologySvg(m: MachineFacts): string {
  const perRow = coresPerRow(m.coresPerL3);
  const rows = Math.ceil(m.coresPerL3 / perRow);
  const l3W = PAD * 2 + perRow * (CELL + GAP) - GAP;
  const l3H = HEAD + PAD + rows * (CELL + GAP) - GAP + PAD;
  // L3 domains of a socket in a grid of up to 4 per row.
  const l3PerRow = Math.min(4, m.l3DomainsPerSocket);
  const l3Rows = Math.ceil(m.l3DomainsPerSocket / l3PerRow);
  const sockW = PAD * 2 + l3PerRow * (l3W + PAD) - PAD;
  const sockH = HEAD + PAD + l3Rows * (l3H + PAD);
  const title = `${m.label}: ${m.sockets} socket(s) × ${m.l3DomainsPerSocket} L3 domain(s) × ${m.coresPerL3} cores × ${m.threadsPerCore} thread(s)`;
  // Wide enough for the title (DejaVu Sans bold at 12 px: about 7.5 px a character).
  const width = Math.max(PAD + m.sockets * (sockW + PAD), Math.ceil(PAD * 2 + title.length * 7.5));
  const height = 24 + sockH + PAD;
  const l3MB = m.memory.l3MB;
  const parts: string[] = [];
  const text = (x: number, y: number, s: string, size = 11, weight = 'normal') =>
    `<text x="${x}" y="${y}" font-size="${size}" font-weight="${weight}" font-family="DejaVu Sans, sans-serif">${escapeHtml(s)}</text>`;
  parts.push(text(PAD, 15, title, 12, 'bold'));
  for (let s = 0; s < m.sockets; s++) {
    const sx = PAD + s * (sockW + PAD);
    const sy = 24;
    parts.push(`<rect x="${sx}" y="${sy}" width="${sockW}" height="${sockH}" rx="6" fill="#f2f2f2" stroke="#888"/>`);
    parts.push(text(sx + PAD, sy + 13, `socket ${s}`, 11, 'bold'));
    for (let d = 0; d < m.l3DomainsPerSocket; d++) {
      const lx = sx + PAD + (d % l3PerRow) * (l3W + PAD);
      const ly = sy + HEAD + PAD + Math.floor(d / l3PerRow) * (l3H + PAD);
      parts.push(`<rect x="${lx}" y="${ly}" width="${l3W}" height="${l3H}" rx="4" fill="#dde8f3" stroke="#4c78a8"/>`);
      parts.push(text(lx + 4, ly + 12, `L3 ${l3MB === undefined ? '' : `${l3MB} MB`}`, 9));
      for (let c = 0; c < m.coresPerL3; c++) {
        const cx = lx + PAD + (c % perRow) * (CELL + GAP);
        const cy = ly + HEAD + Math.floor(c / perRow) * (CELL + GAP);
        parts.push(
          `<rect x="${cx}" y="${cy}" width="${CELL}" height="${CELL}" fill="#fff" stroke="#4c78a8" stroke-width="0.8"/>`,
        );
        for (let t = 0; t < m.threadsPerCore; t++)
          parts.push(
            `<circle cx="${cx + (m.threadsPerCore === 1 ? CELL / 2 : 3 + t * 5)}" cy="${cy + CELL / 2}" r="1.8" fill="#e45756"/>`,
          );
      }
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(`topology of ${m.label}`)}">\n${parts.join('\n')}\n</svg>`;
}
