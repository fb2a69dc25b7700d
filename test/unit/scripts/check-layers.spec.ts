import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ALLOWED_IMPORTS, checkLayers } from '../../../scripts/check-layers.ts';

const root = mkdtempSync(join(tmpdir(), 'lockcliff-layers-'));
after(() => rmSync(root, { recursive: true, force: true }));

function tree(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('check-layers', () => {
  it('the real src/ follows the module layering', () => {
    assert.deepEqual(checkLayers('src'), []);
  });

  it('the allowed-import table is acyclic, so modules cannot import each other in a cycle', () => {
    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (m: string): void => {
      assert.ok(!visiting.has(m), `cycle through ${m}`);
      if (done.has(m)) return;
      visiting.add(m);
      for (const dep of ALLOWED_IMPORTS[m] ?? []) if (dep !== '*') visit(dep);
      visiting.delete(m);
      done.add(m);
    };
    for (const m of Object.keys(ALLOWED_IMPORTS)) visit(m);
  });

  it('flags an upward import (engine → hw)', () => {
    const dir = tree('upward', {
      'engine/index.ts': "import { x } from '../hw/index.ts';\n",
      'hw/index.ts': 'export const x = 1;\n',
    });
    const found = checkLayers(dir);
    assert.equal(found.length, 1);
    assert.match(found[0]?.message ?? '', /engine may not import hw/);
    assert.equal(found[0]?.line, 1);
  });

  it('flags an import that bypasses index.ts', () => {
    const dir = tree('deep', {
      'hw/index.ts': "import { Environment } from '../engine/Environment.ts';\n",
      'engine/Environment.ts': 'export class Environment {}\n',
    });
    assert.match(checkLayers(dir)[0]?.message ?? '', /go through engine\/index.ts/);
  });

  it('flags dynamic imports and unknown modules, and allows packages and same-module files', () => {
    const dir = tree('mixed', {
      'core/a.ts':
        "import { b } from './b.ts';\nimport fc from 'fast-check';\nconst m = await import('../random/index.ts');\n",
      'core/b.ts': 'export const b = 1;\n',
      'random/index.ts': 'export {};\n',
      'gadgets/index.ts': "import { b } from '../core/b.ts';\n",
    });
    const messages = checkLayers(dir)
      .map((v) => `${v.file.split('/').slice(-2).join('/')}:${v.line}: ${v.message}`)
      .sort((a, b) => a.localeCompare(b));
    assert.equal(messages.length, 2, messages.join('\n'));
    assert.match(messages[0] ?? '', /^core\/a.ts:3: core may not import random/);
    assert.match(messages[1] ?? '', /^gadgets\/index.ts:1: "gadgets" is not a module of the layering/);
  });
});
