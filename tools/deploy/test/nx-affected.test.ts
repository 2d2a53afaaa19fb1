import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { INFRASTRUCTURE_KINDS } from '@listbackup/conventions/names';
import { findRepositoryRoot } from '@listbackup/repository';

/*
 * The repository's own nx configuration, read through nx itself (no task runs): which deploy tasks a
 * change makes nx run, and in which order. `--graph <file>` writes the task graph instead of running it.
 */
const root = findRepositoryRoot(__dirname);
/** The infrastructure projects are named after their kinds. */
const INFRASTRUCTURE: string[] = [...INFRASTRUCTURE_KINDS];
/** The only edge between infrastructure stacks: the identity pool's role imports the data bucket and its key. */
const IMPORTS_FROM: Record<string, string[]> = { cognito: ['s3'] };
const importersOf = (kind: string): string[] => Object.keys(IMPORTS_FROM).filter((k) => IMPORTS_FROM[k].includes(kind));

/*
 * `NX_ISOLATE_PLUGINS=false`: nx runs its project-graph plugins in its own process instead of
 * starting a worker process per plugin; the same graph for a quarter of the CPU (~0.8 s, not ~3 s).
 */
function nx(args: string[]): void {
  execFileSync(path.join(root, 'node_modules', '.bin', 'nx'), args, {
    cwd: root, stdio: 'pipe', env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_ISOLATE_PLUGINS: 'false' },
  });
}

interface TaskGraph { tasks: string[]; dependencies: Record<string, string[]>; commands: Record<string, string> }

function affectedTasks(changedFile: string, targets: string, extra: string[] = []): TaskGraph {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'nx-graph-')), 'tasks.json');
  nx(['affected', '-t', targets, `--files=${changedFile}`, ...extra, `--graph=${file}`]);
  const graph = JSON.parse(readFileSync(file, 'utf8')).tasks;
  const commands = Object.fromEntries(Object.entries<{ projectRoot: string; target: { target: string } }>(graph.tasks)
    .map(([id, task]) => [id, projectTarget(task.projectRoot, task.target.target)]));
  return { tasks: Object.keys(graph.tasks).sort(), dependencies: graph.dependencies, commands };
}

/** The steps of the projen task an nx target runs, from the project's generated project.json and tasks.json. */
function projectTarget(folder: string, target: string): string {
  const json = JSON.parse(readFileSync(path.join(root, folder, 'project.json'), 'utf8'));
  const task = json.targets[target]?.command?.replace(/^projen /, '');
  const tasks = JSON.parse(readFileSync(path.join(root, folder, '.projen', 'tasks.json'), 'utf8')).tasks;
  return JSON.stringify(tasks[task]?.steps ?? []);
}

/** What `nx affected -t deploy --exclude-task-dependencies` runs: the deploys only, their synths done before by `nx affected -t synth`. */
const deployOnly = (changedFile: string): TaskGraph => affectedTasks(changedFile, 'deploy', ['--exclude-task-dependencies']);

test.each(INFRASTRUCTURE.filter((k) => !importersOf(k).length))('a change in packages/%s deploys that stack, then core-service, and nothing else', (kind) => {
  const { tasks, dependencies } = deployOnly(`packages/${kind}/src/index.ts`);
  expect(tasks).toEqual([`core-service:deploy`, `${kind}:deploy`].sort());
  expect(dependencies['core-service:deploy']).toEqual([`${kind}:deploy`]);
  expect(dependencies[`${kind}:deploy`]).toEqual([]);
}, 60_000);

test('a change in packages/s3 deploys s3, then cognito (which imports its bucket), then core-service', () => {
  const { tasks, dependencies } = deployOnly('packages/s3/src/index.ts');
  expect(tasks).toEqual(['cognito:deploy', 'core-service:deploy', 's3:deploy']);
  expect(dependencies['s3:deploy']).toEqual([]);
  expect(dependencies['cognito:deploy']).toEqual(['s3:deploy']);
  expect([...dependencies['core-service:deploy']].sort()).toEqual(['cognito:deploy', 's3:deploy']);
}, 60_000);

test('a change in conventions deploys four infrastructure stacks side by side, cognito after s3, then core-service', () => {
  const { tasks, dependencies } = deployOnly('packages/conventions/src/naming.ts');
  expect(tasks).toEqual([...INFRASTRUCTURE, 'core-service'].map((p) => `${p}:deploy`).sort());
  for (const kind of INFRASTRUCTURE) expect(dependencies[`${kind}:deploy`]).toEqual((IMPORTS_FROM[kind] ?? []).map((k) => `${k}:deploy`));
  expect([...dependencies['core-service:deploy']].sort()).toEqual(INFRASTRUCTURE.map((k) => `${k}:deploy`).sort());
}, 60_000);

test('plain nx affected -t deploy takes each stack\'s synth from the task graph; no deploy task calls nx itself', () => {
  const { tasks, dependencies, commands } = affectedTasks('packages/sqs/src/index.ts', 'deploy');
  for (const project of ['sqs', 'core-service']) {
    expect(dependencies[`${project}:deploy`]).toEqual(expect.arrayContaining([`${project}:synth`]));
  }
  for (const task of tasks.filter((t) => t.endsWith(':deploy'))) {
    expect(commands[task]).toContain('listbackup-deploy deploy --assembly cdk.out');
    expect(commands[task]).not.toMatch(/\bnx\b/);
  }
}, 60_000);

test('the project graph has core-service depending on each infrastructure package, and cognito on s3 only', () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'nx-graph-')), 'graph.json');
  nx(['graph', `--file=${file}`]);
  const deps: Record<string, { target: string }[]> = JSON.parse(readFileSync(file, 'utf8')).graph.dependencies;
  const targets = (p: string) => deps[p].map((d) => d.target);
  expect(targets('core-service')).toEqual(expect.arrayContaining(INFRASTRUCTURE));
  for (const kind of INFRASTRUCTURE) {
    expect(targets(kind).filter((t) => INFRASTRUCTURE.includes(t))).toEqual(IMPORTS_FROM[kind] ?? []);
  }
}, 60_000);
