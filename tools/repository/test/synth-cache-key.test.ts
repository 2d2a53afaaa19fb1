import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_STAGE } from '@listbackup/conventions';
import { findRepositoryRoot } from '../src';

/*
 * nx keys each stack's synth by the stage as the apps resolve it (conventions' resolveStage:
 * STAGE, else DEFAULT_STAGE), computed by the shell before anything is built. The shell spells the
 * default again; this test holds the two together, so a changed default cannot let a plain
 * build's synth and `deploy:affected --stage <default>` share a cache entry for different stages.
 */
test("the synth cache key's stage falls back to conventions' DEFAULT_STAGE", () => {
  const nx = JSON.parse(fs.readFileSync(path.join(findRepositoryRoot(), 'nx.json'), 'utf8'));
  const runtimes = (nx.targetDefaults.synth.inputs as Array<Record<string, string>>)
    .filter((input) => typeof input === 'object' && 'runtime' in input).map((input) => input.runtime);
  expect(runtimes).toEqual([`echo "stage=\${STAGE:-${DEFAULT_STAGE}}"`]);
});
