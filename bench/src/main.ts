import * as path from 'node:path';
import { findRepositoryRoot } from '@listbackup/repository';
import { buildMeasures } from './measures/build-cache';
import { deployAffectedNoop } from './measures/deploy-affected';
import { deployGraph, deployGraphScale } from './measures/deploy-graph';
import { manyStages, stackSetFleet } from './measures/environments-scale';
import { noopDeploy } from './measures/noop-deploy';
import { scaleSynth } from './measures/scale';
import { synthVsCdk } from './measures/synth-vs-cdk';
import { formatLine, Measure, renderMarkdown, writeResults } from './results';

const NEEDS_CLONES = 'skipped in quick mode: needs cold builds of fresh clones (see RESULTS.md)';

/**
 * `npx projen bench [--quick]`. Full mode runs every measure and writes bench/RESULTS.md; quick
 * mode (CI) skips the ones that need cold builds of clones and writes bench/RESULTS.quick.md.
 * Both print the same names, in the same order.
 */
async function main(argv: string[]): Promise<void> {
  const unknown = argv.filter((a) => a !== '--quick');
  if (unknown.length) {
    throw new Error(`unknown argument${unknown.length > 1 ? 's' : ''} ${unknown.join(' ')}: use 'npx projen bench' or 'npx projen bench --quick'`);
  }
  const quick = argv.includes('--quick');
  const root = findRepositoryRoot(__dirname);
  const startedAt = new Date();
  const measures: Measure[] = [];
  const record = (m: Measure) => {
    measures.push(m);
    console.log(formatLine(m));
  };

  synthVsCdk(root).forEach(record);
  if (quick) {
    for (const name of ['cold-build-vs-baseline', 'build-cached', 'edit-loop']) record({ name, details: NEEDS_CLONES });
    // The repository itself, as CI leaves it: nothing changed since HEAD.
    record(await deployAffectedNoop(root, {}));
  } else {
    (await buildMeasures(root)).forEach(record);
  }

  record(await deployGraph(root));
  record(await noopDeploy(root));
  record(scaleSynth(root, quick ? [17] : [17, 85, 170]));
  record(await deployGraphScale());
  record(await manyStages(quick ? 10 : 50));
  record(await stackSetFleet());

  const file = path.join(root, 'bench', quick ? 'RESULTS.quick.md' : 'RESULTS.md');
  writeResults(file, renderMarkdown(measures, quick ? 'quick' : 'full', startedAt, (Date.now() - startedAt.getTime()) / 1000));
  console.log(`wrote ${path.relative(root, file)} after ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s`);
}

main(process.argv.slice(2)).catch((error) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
