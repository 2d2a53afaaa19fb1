import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/*
 * The repository's own nx configuration, read through nx itself (no task runs): which deploy tasks a
 * change makes nx run, and in which order. `--graph <file>` writes the task graph instead of running it.
 */
const root = path.resolve(__dirname, '..', '..', '..');
const INFRASTRUCTURE = ['dynamodb', 's3', 'sqs', 'eventbridge', 'cognito'];

function nx(args: string[]): void {
  execFileSync(path.join(root, 'node_modules', '.bin', 'nx'), args, {
    cwd: root, stdio: 'pipe', env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  });
}

function deployTasks(changedFile: string): { tasks: string[]; dependencies: Record<string, string[]> } {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'nx-graph-')), 'tasks.json');
  nx(['affected', '-t', 'deploy', `--files=${changedFile}`, '--exclude-task-dependencies', `--graph=${file}`]);
  const graph = JSON.parse(readFileSync(file, 'utf8')).tasks;
  return { tasks: Object.keys(graph.tasks).sort(), dependencies: graph.dependencies };
}

test.each(INFRASTRUCTURE)('a change in packages/%s deploys that stack, then core-service, and nothing else', (kind) => {
  const { tasks, dependencies } = deployTasks(`packages/${kind}/src/index.ts`);
  expect(tasks).toEqual([`core-service:deploy`, `${kind}:deploy`].sort());
  expect(dependencies['core-service:deploy']).toEqual([`${kind}:deploy`]);
  expect(dependencies[`${kind}:deploy`]).toEqual([]);
}, 60_000);

test('a change in conventions deploys the five infrastructure stacks side by side, then core-service', () => {
  const { tasks, dependencies } = deployTasks('packages/conventions/src/naming.ts');
  expect(tasks).toEqual([...INFRASTRUCTURE, 'core-service'].map((p) => `${p}:deploy`).sort());
  for (const kind of INFRASTRUCTURE) expect(dependencies[`${kind}:deploy`]).toEqual([]);
  expect([...dependencies['core-service:deploy']].sort()).toEqual(INFRASTRUCTURE.map((k) => `${k}:deploy`).sort());
}, 60_000);

test('the project graph has core-service depending on each infrastructure package and no edge between them', () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'nx-graph-')), 'graph.json');
  nx(['graph', `--file=${file}`]);
  const deps: Record<string, { target: string }[]> = JSON.parse(readFileSync(file, 'utf8')).graph.dependencies;
  const targets = (p: string) => deps[p].map((d) => d.target);
  expect(targets('core-service')).toEqual(expect.arrayContaining(INFRASTRUCTURE));
  for (const kind of INFRASTRUCTURE) {
    expect(targets(kind).filter((t) => INFRASTRUCTURE.includes(t))).toEqual([]);
  }
}, 60_000);
