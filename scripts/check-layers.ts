// Checks the module layering (README, Layout; the architecture's import rules): imports point one way, with no cycles, and another module
// is imported only through its index.ts. Prints every violation with file and line; exits 1 if any.
//
// Usage: tsx scripts/check-layers.ts [SRC_DIR]   (default: src)

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * What each module may import (the architecture's table, with the additions README's Layout section gives: kernel and
 * workload use metrics' reducers; experiment runs workloads and varies kernel parameters). `cli` may
 * import anything.
 */
export const ALLOWED_IMPORTS: Readonly<Record<string, readonly string[]>> = {
  core: [],
  random: ['core'],
  engine: ['core'],
  hw: ['core', 'engine', 'random'],
  sched: ['core', 'engine', 'hw', 'random'],
  sync: ['core', 'engine', 'hw', 'sched', 'random'],
  kernel: ['core', 'engine', 'hw', 'sched', 'sync', 'random', 'metrics'],
  workload: ['core', 'engine', 'hw', 'sched', 'sync', 'kernel', 'random', 'metrics'],
  metrics: ['core'],
  scenario: ['core', 'engine', 'hw', 'sched', 'sync', 'kernel', 'workload', 'random', 'metrics'],
  experiment: ['core', 'kernel', 'workload', 'scenario', 'metrics', 'random'],
  report: ['core', 'metrics', 'experiment'],
  cli: ['*'],
};

export interface Violation {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

const IMPORT_PATTERN =
  /^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/;

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort((a, b) => a.localeCompare(b))) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listTs(path));
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

/** Checks every .ts file under `srcDir`; returns the violations (empty when the layering holds). */
export function checkLayers(srcDir: string): Violation[] {
  const root = resolve(srcDir);
  const violations: Violation[] = [];
  for (const file of listTs(root)) {
    const fromModule = relative(root, file).split(sep)[0] ?? '';
    const allowed = ALLOWED_IMPORTS[fromModule];
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((text, index) => {
      const match = IMPORT_PATTERN.exec(text);
      const specifier = match?.[1] ?? match?.[2] ?? match?.[3];
      if (specifier === undefined) return;
      const at = { file: relative(process.cwd(), file), line: index + 1 };
      if (allowed === undefined) {
        violations.push({
          ...at,
          message: `"${fromModule}" is not a module of the layering (README, Layout; known: ${Object.keys(ALLOWED_IMPORTS).join(', ')})`,
        });
        return;
      }
      if (!specifier.startsWith('.')) return; // a package
      const target = resolve(dirname(file), specifier);
      const targetRel = relative(root, target);
      if (targetRel.startsWith('..')) {
        violations.push({ ...at, message: `imports ${specifier}, outside src/` });
        return;
      }
      const [toModule, ...rest] = targetRel.split(sep);
      if (toModule === undefined || toModule === fromModule) return;
      if (!allowed.includes('*') && !allowed.includes(toModule)) {
        violations.push({
          ...at,
          message: `${fromModule} may not import ${toModule} (allowed: ${allowed.length === 0 ? 'nothing' : allowed.join(', ')})`,
        });
      }
      const entry = rest.join('/');
      if (entry !== 'index.ts' && entry !== 'index.js' && entry !== 'index' && entry !== '') {
        violations.push({ ...at, message: `imports ${toModule}/${entry}; go through ${toModule}/index.ts` });
      }
    });
  }
  return violations;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const srcDir = process.argv[2] ?? 'src';
  const violations = checkLayers(srcDir);
  for (const v of violations) console.error(`${v.file}:${v.line}: ${v.message}`);
  if (violations.length > 0) {
    console.error(`layering: ${violations.length} violation(s) of the module layering (README, Layout)`);
    process.exit(1);
  }
  console.log(`layering: ok (${listTs(resolve(srcDir)).length} files in ${srcDir}/)`);
}
