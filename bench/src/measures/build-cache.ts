import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { Measure } from '../results';
import { seconds, timed } from '../process-timing';
import { emptyNxCache } from '../workspace';

/** The nx tasks a run executed (not replayed from the cache), as `project:target`. */
export function executedTasks(nxOutput: string): string[] {
  const tasks = new Set<string>();
  for (const line of stripVTControlCharacters(nxOutput).split('\n')) {
    const match = /> nx run ([\w@/.-]+:[\w:-]+)(.*)$/.exec(line.trim());
    if (match && !/local cache|remote cache|existing outputs match the cache/.test(match[2])) tasks.add(match[1]);
  }
  return [...tasks].sort();
}

/**
 * `build-cached` and `affected-one-package` on a clone of the committed repository with an empty
 * nx cache of its own: a cold `npx projen build`, the same again with nothing changed, then a
 * one-line change in packages/sqs committed and `nx affected -t build test synth`.
 */
export function buildCache(root: string): Measure[] {
  const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-clone-'));
  const env = { NX_CACHE_DIRECTORY: emptyNxCache(), NX_DAEMON: 'false', NX_NO_CLOUD: 'true', CI: 'true' };
  timed('git', ['clone', '--quiet', root, clone], { cwd: root });
  timed('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: clone, env });
  // The Python tools are not part of the measure: share the repository's virtualenvs.
  for (const venv of ['.venv', '.venv-checkers']) {
    if (!fs.existsSync(path.join(root, venv))) throw new Error(`${venv} is missing: run 'npx projen setup' before the benchmarks`);
    fs.symlinkSync(path.join(root, venv), path.join(clone, venv));
  }

  const cold = timed('npx', ['projen', 'build'], { cwd: clone, env });
  const cached = timed('npx', ['projen', 'build'], { cwd: clone, env });
  const cachedRan = executedTasks(cached.stdout);

  const file = fs.readdirSync(path.join(clone, 'packages/sqs/src')).filter((f) => f.endsWith('.ts')).sort()[0];
  fs.appendFileSync(path.join(clone, 'packages/sqs/src', file), '\n// a one-line change\n');
  timed('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@localhost', 'commit', '-qam', 'one-line change'], { cwd: clone });
  const affectedProjects = timed('npx', ['nx', 'show', 'projects', '--affected', '--base=HEAD~1', '--head=HEAD'], { cwd: clone, env })
    .stdout.split('\n').map((l) => l.trim()).filter(Boolean).sort();
  const affected = timed('npx', ['nx', 'affected', '-t', 'build', 'test', 'synth', '--base=HEAD~1', '--head=HEAD', '--output-style=static'], { cwd: clone, env });
  const ran = executedTasks(affected.stdout);
  const unexpected = ran.filter((t) => !/^(sqs|core-service|package-consumer|bench):/.test(t));
  fs.rmSync(clone, { recursive: true, force: true });

  return [
    {
      name: 'build-cached',
      ratio: cached.ms / cold.ms,
      goal: 0.05,
      details: `npx projen build with nothing changed ${seconds(cached.ms)} vs cold ${seconds(cold.ms)}; ` +
        `tasks executed again: ${cachedRan.length ? cachedRan.join(', ') : 'none (all from the nx cache)'}`,
    },
    {
      name: 'affected-one-package',
      ratio: affected.ms / cold.ms,
      goal: 0.25,
      details: `one-line change in packages/sqs: affected projects ${affectedProjects.join(', ')}; tasks executed ` +
        `${ran.join(', ')}${unexpected.length ? ` (UNEXPECTED: ${unexpected.join(', ')})` : ''}; ${seconds(affected.ms)} vs cold build ${seconds(cold.ms)}`,
    },
  ];
}
