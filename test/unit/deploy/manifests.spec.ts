// The shipped job manifests run a sharded sweep the way the CLI expects: the Kubernetes Indexed Job
// turns its completion index into --shard I/N with as many completions as shards, resumes a restarted
// shard, and merges; the Slurm array does the same with its task id.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';

describe('deploy manifests', () => {
  it('Kubernetes: an Indexed Job of N completions with --shard index+1/N and --resume, then a merge Job', () => {
    const docs = parseAllDocuments(readFileSync('deploy/k8s/sweep-job.yaml', 'utf8')).map((d) => d.toJS());
    const [sweep, merge] = docs as {
      spec: {
        completionMode?: string;
        completions?: number;
        template: { spec: { containers: { args: string[]; env?: { name: string; value: string }[] }[] } };
      };
    }[];
    assert.equal(sweep?.spec.completionMode, 'Indexed');
    const c = sweep?.spec.template.spec.containers[0];
    const shards = Number(c?.env?.find((e) => e.name === 'SHARDS')?.value);
    assert.equal(sweep?.spec.completions, shards);
    const args = c?.args.join(' ') ?? '';
    assert.match(args, /--shard \$\(\(JOB_COMPLETION_INDEX \+ 1\)\)\/\$SHARDS/);
    assert.match(args, /--resume/);
    assert.match(
      merge?.spec.template.spec.containers[0]?.args.join(' ') ?? '',
      /lockcliff\.js merge \/results\/shard-\* --out/,
    );
  });

  it('Slurm: the array task id is the shard, a requeued task resumes, merge joins them', () => {
    const sweep = readFileSync('deploy/slurm/sweep.sbatch', 'utf8');
    assert.match(sweep, /--shard "\$SLURM_ARRAY_TASK_ID\/\$SHARDS"/);
    assert.match(sweep, /--resume/);
    assert.match(readFileSync('deploy/slurm/merge.sbatch', 'utf8'), /lockcliff\.js merge/);
  });
});
