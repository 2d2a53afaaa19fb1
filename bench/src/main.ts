import * as path from 'node:path';
import { buildCache } from './measures/build-cache';
import { deployGraph, deployGraphScale } from './measures/deploy-graph';
import { manyStages, stackSetFleet } from './measures/environments-scale';
import { noopDeploy } from './measures/noop-deploy';
import { scaleSynth } from './measures/scale';
import { synthVsCdk } from './measures/synth-vs-cdk';
import { formatLine, Measure, renderMarkdown, writeResults } from './results';
import { workspaceRoot } from './workspace';

/**
 * `npx projen bench [--quick]`. Full mode runs every measure and writes bench/RESULTS.md; quick
 * mode (CI) skips the ones that need a cold build of a clone and writes bench/RESULTS.quick.md.
 */
async function main(argv: string[]): Promise<void> {
  const unknown = argv.filter((a) => a !== '--quick');
  if (unknown.length) {
    throw new Error(`unknown argument${unknown.length > 1 ? 's' : ''} ${unknown.join(' ')}: use 'npx projen bench' or 'npx projen bench --quick'`);
  }
  const quick = argv.includes('--quick');
  const root = workspaceRoot();
  const startedAt = new Date();
  const measures: Measure[] = [];
  const record = (m: Measure) => {
    measures.push(m);
    console.log(formatLine(m));
  };

  record(synthVsCdk(root));
  if (quick) {
    record({ name: 'build-cached', details: 'skipped in quick mode: needs a cold build of a clone (see RESULTS.md)' });
    record({ name: 'affected-one-package', details: 'skipped in quick mode: needs a cold build of a clone (see RESULTS.md)' });
  } else {
    buildCache(root).forEach(record);
  }

  record(await deployGraph(root));
  record(await noopDeploy(root));
  record(scaleSynth(root, quick ? [17] : [17, 85, 170]));
  record(await deployGraphScale());
  record(await manyStages(quick ? 10 : 50));
  record(await stackSetFleet());

  const file = path.join(root, 'bench', quick ? 'RESULTS.quick.md' : 'RESULTS.md');
  writeResults(file, renderMarkdown(measures, quick ? 'quick' : 'full', startedAt));
  console.log(`wrote ${path.relative(root, file)}`);
}

main(process.argv.slice(2)).catch((error) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
