// A literate notebook's page: prose, tables, charts and code in the order the analysis runs, written
// as one self-contained HTML page and as Markdown with its charts as PNGs beside it
// (OUT/NAME.html, OUT/NAME.md, OUT/NAME/*.png). The page says whether it ran at full size or reduced
// (--quick) and the command that makes it again.

import { join } from 'node:path';
import { VERSION } from '../../src/cli/version.ts';
import { writeCharts, writeFigures } from '../../src/cli/writeCharts.ts';
import { writeFileAtomic } from '../../src/cli/writeFileAtomic.ts';
import {
  type Block,
  docHtml,
  docMarkdown,
  type ReportTable,
  type Section,
  type Spec,
  type WrittenChart,
} from '../../src/report/index.ts';

export interface NotebookOptions {
  /** Reduced size: fewer machines, loads and seeds, so that CI can run it in seconds. */
  readonly quick: boolean;
  /** Where the pages go (notebooks/out by default). */
  readonly out: string;
  /** Worker threads for the simulations. */
  readonly jobs: number;
}

export class Notebook {
  private readonly sections: { id: string; heading: string; blocks: Block[] }[] = [];

  constructor(
    readonly name: string,
    readonly title: string,
    readonly options: NotebookOptions,
  ) {}

  get quick(): boolean {
    return this.options.quick;
  }

  /** Starts a section. */
  section(heading: string): this {
    const id = heading
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    this.sections.push({ id, heading, blocks: [] });
    return this;
  }

  private add(block: Block): this {
    if (this.sections.length === 0) this.section('Introduction');
    (this.sections.at(-1) as { blocks: Block[] }).blocks.push(block);
    return this;
  }

  /** Paragraphs, separated by blank lines; the words before a line's first ': ' may be bold (`**lead**: text`). */
  text(prose: string): this {
    for (const para of prose
      .trim()
      .split(/\n\s*\n/)
      .map((p) => p.trim().replace(/\s*\n\s*/g, ' '))) {
      const lead = /^\*\*(.+?)\*\*\s*(.*)$/.exec(para);
      this.add(
        lead === null ? { kind: 'p', text: para } : { kind: 'lead', lead: lead[1] as string, text: lead[2] as string },
      );
    }
    return this;
  }

  /** Appends whole sections (a story report's, say). */
  include(sections: readonly Section[]): this {
    for (const s of sections) this.sections.push({ id: s.id, heading: s.heading, blocks: [...s.blocks] });
    return this;
  }

  list(items: readonly string[]): this {
    return items.length === 0 ? this : this.add({ kind: 'list', items });
  }

  table(table: ReportTable): this {
    return this.add({ kind: 'table', table });
  }

  code(text: string): this {
    return this.add({ kind: 'code', text });
  }

  /** Renders charts into OUT/NAME/ without placing them; their files as the page refers to them. */
  async render(charts: Record<string, Spec>): Promise<WrittenChart[]> {
    const written = await writeCharts(join(this.options.out, this.name), charts);
    return written.map((w) => ({ ...w, file: `${this.name}/${w.file}` }));
  }

  /** Writes ready-made SVG figures (machine diagrams) into OUT/NAME/ as .svg and .png. */
  async renderFigures(figures: readonly { name: string; svg: string }[]): Promise<void> {
    await writeFigures(join(this.options.out, this.name), figures);
  }

  /** The folder of this page's charts, relative to the page. */
  get assets(): string {
    return `${this.name}/`;
  }

  /** Renders a Vega-Lite chart to OUT/NAME/name.{svg,png,vl.json} and places it on the page. */
  async chart(name: string, spec: Spec, caption: string): Promise<this> {
    const [w] = await writeCharts(join(this.options.out, this.name), { [name]: spec });
    if (w === undefined) return this;
    return this.add({ kind: 'figure', name, svg: w.svg, png: `${this.name}/${w.file}`, caption });
  }

  /** Writes OUT/NAME.html and OUT/NAME.md (atomically); returns their paths. */
  write(): string[] {
    const size = this.quick
      ? 'This page ran at reduced size (--quick: fewer machines, loads and seeds) to check that the notebook works; its numbers are not the analysis. Run it without --quick for the full size.'
      : 'This page ran at full size.';
    const sections: Section[] = [
      ...this.sections,
      {
        id: 'reproduce',
        heading: 'How to reproduce this page',
        blocks: [
          {
            kind: 'p',
            text: `${size} Made by lockcliff ${VERSION}; every simulation is seeded, so the same command gives the same page, byte for byte.`,
          },
          { kind: 'code', text: `npm ci\nnpm run notebook -- ${this.name}${this.quick ? ' --quick' : ''}` },
          { kind: 'p', text: `The analysis is notebooks/${this.name}.ts: it reads top to bottom as this page does.` },
        ],
      },
    ];
    const doc = {
      title: this.title,
      subtitle: `lockcliff notebook ${this.name}${this.quick ? ' (reduced size: --quick)' : ''}`,
      sections,
    };
    const html = join(this.options.out, `${this.name}.html`);
    const md = join(this.options.out, `${this.name}.md`);
    writeFileAtomic(html, docHtml(doc));
    writeFileAtomic(md, docMarkdown(doc));
    return [html, md];
  }
}
