import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Measure } from '../results';
import { timed } from '../process-timing';

/**
 * Synth + policy time of a DynamoDB stack of 17, 85 and 170 tables, each in a fresh process.
 * 170 tables need 340 exports: the stack is refused at synth (CloudFormation allows 200 outputs),
 * which is the documented behaviour; its time is the time to refuse.
 */
export function scaleSynth(root: string, sizes: number[]): Measure {
  const rows: string[][] = [];
  const app = path.join(root, 'bench', 'lib', 'scale-app.js');
  let first: number | undefined;
  let lastOk: { count: number; ms: number } | undefined;
  for (const count of sizes) {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-scale-${count}-`));
    const run = timed('node', [app, String(count), outdir], { cwd: root });
    const result = JSON.parse(run.stdout.trim().split('\n').pop()!);
    fs.rmSync(outdir, { recursive: true, force: true });
    first ??= run.ms;
    if (result.outcome === 'synthesized') lastOk = { count, ms: run.ms };
    if (result.outcome === 'failed') throw new Error(`scale: ${count} tables failed to synthesize: ${result.message}`);
    rows.push([String(count), (run.ms / 1000).toFixed(1), (run.ms / first).toFixed(2),
      result.outcome === 'synthesized' ? `synthesized, ${result.findings} policy findings` : `refused at synth: ${result.message}`]);
  }
  const growth = lastOk && first ? (lastOk.ms / first) / (lastOk.count / sizes[0]) : undefined;
  return {
    name: 'scale-synth',
    ratio: growth,
    details: `synth + policy of ${sizes.join(', ')} tables in one stack, each in a fresh process; ratio = time growth per unit of ` +
      `catalog growth from ${sizes[0]} to ${lastOk?.count} tables (1.0 = linear, below = fixed start-up cost dominates)`,
    table: { header: ['tables', 'seconds', 'vs smallest', 'outcome'], rows },
  };
}
