import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { Measure } from '../results';
import { mebibytes, seconds, TimedRun, timed, usage } from '../process-timing';
import { emptyNxCache } from '../workspace';
import { deployAffectedNoop } from './deploy-affected';
import { NxTaskTime, readNxProfile } from './nx-profile';

/** The commit whose cold build is the baseline: the last one measured before the speed work. */
export const BASELINE_COMMIT = '668d875';

/** The nx tasks a run executed (not replayed from the cache), as `project:target`. */
export function executedTasks(nxOutput: string): string[] {
  const tasks = new Set<string>();
  for (const line of stripVTControlCharacters(nxOutput).split('\n')) {
    const match = /> nx run ([\w@/.-]+:[\w:-]+)(.*)$/.exec(line.trim());
    if (match && !/local cache|remote cache|existing outputs match the cache/.test(match[2])) tasks.add(match[1]);
  }
  return [...tasks].sort();
}

interface Clone { readonly dir: string; readonly env: NodeJS.ProcessEnv; readonly commit: string }

/** A fresh clone at a commit, installed with `npm ci`, with an empty nx cache of its own. */
function freshClone(root: string, commit: string): Clone {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-clone-'));
  const env = { NX_CACHE_DIRECTORY: emptyNxCache(), NX_DAEMON: 'false', NX_NO_CLOUD: 'true', CI: 'true' };
  timed('git', ['clone', '--quiet', root, dir], { cwd: root });
  timed('git', ['checkout', '--quiet', '--detach', commit], { cwd: dir });
  timed('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, env });
  // The Python tools are not part of the measure: share the repository's virtualenvs.
  for (const venv of ['.venv', '.venv-checkers']) {
    if (!fs.existsSync(path.join(root, venv))) throw new Error(`${venv} is missing: run 'npx projen setup' before the benchmarks`);
    fs.symlinkSync(path.join(root, venv), path.join(dir, venv));
  }
  const full = timed('git', ['rev-parse', '--short', 'HEAD'], { cwd: dir }).stdout.trim();
  return { dir, env, commit: full };
}

function removeClone(clone: Clone): void {
  fs.rmSync(clone.dir, { recursive: true, force: true });
  fs.rmSync(String(clone.env.NX_CACHE_DIRECTORY), { recursive: true, force: true });
}

interface Phase { readonly name: string; readonly run: TimedRun; readonly tasks: NxTaskTime[] }
interface Build { readonly ms: number; readonly cpuMs: number; readonly peakRssBytes: number; readonly phases: Phase[] }

/**
 * `npx projen build` of a clone, run as the build task's own steps in its own order (a projen
 * task as `npx projen <task>`, a command as projen runs it, with node_modules/.bin on the PATH),
 * so each phase has its time, CPU, peak memory and nx task times.
 */
function projenBuild(clone: Clone): Build {
  const tasks = JSON.parse(fs.readFileSync(path.join(clone.dir, '.projen', 'tasks.json'), 'utf8')).tasks;
  const phases: Phase[] = [];
  const steps = tasks.build.steps as Array<{ spawn?: string; exec?: string; name?: string }>;
  steps.forEach((step, i) => {
    if (step.spawn && !tasks[step.spawn]?.steps?.length) return;
    if (!step.spawn && !step.exec) throw new Error(`${clone.commit}: a build step neither runs a task nor a command: ${JSON.stringify(step)}`);
    // nx writes the profile relative to the workspace; reports/ is ignored by git, so nx affected does not see it.
    const profile = `reports/bench-nx-profile-${i}.json`;
    const env = { ...clone.env, NX_PROFILE: profile };
    const run = step.spawn
      ? timed('npx', ['projen', step.spawn], { cwd: clone.dir, env })
      : timed('bash', ['-c', step.exec!], { cwd: clone.dir, env: { ...env, PATH: `${path.join(clone.dir, 'node_modules', '.bin')}:${process.env.PATH}` } });
    const file = path.join(clone.dir, profile);
    const name = step.spawn ?? step.name ?? step.exec!.split(' ').slice(0, 3).join(' ');
    phases.push({ name, run, tasks: fs.existsSync(file) ? readNxProfile(file) : [] });
  });
  return {
    ms: phases.reduce((a, p) => a + p.run.ms, 0),
    cpuMs: phases.reduce((a, p) => a + (p.run.cpuMs ?? 0), 0),
    peakRssBytes: Math.max(0, ...phases.map((p) => p.run.peakRssBytes ?? 0)),
    phases,
  };
}

/**
 * What the CPU a run used says about its wall time on this machine: spread perfectly over every
 * core, it could end no sooner than CPU / cores. Beside a goal, that tells a scheduling problem
 * (the floor is under the goal) from too much work (it is over the goal).
 */
function cpuFloor(cpuMs: number | undefined, goalMs: number): string {
  if (cpuMs === undefined) return 'its CPU was not measured';
  const cores = os.availableParallelism();
  const floorMs = cpuMs / cores;
  return `on ${cores} cores its CPU allows no wall time under ${seconds(floorMs)}; the goal (${seconds(goalMs)}) ` +
    (floorMs > goalMs ? `needs at most ${seconds(goalMs * cores)} of CPU` : 'is within that floor');
}

/** The test tasks of a build: their summed time and the slowest. */
function testTasks(b: Build): string {
  const tests = b.phases.flatMap((p) => p.tasks).filter((t) => t.target === 'test').sort((x, y) => y.ms - x.ms);
  if (!tests.length) return 'n/a';
  return `${tests.length}, ${seconds(tests.reduce((a, t) => a + t.ms, 0))} summed, slowest ${tests[0].task} ${seconds(tests[0].ms)}`;
}

const buildLine = (b: Build) => `${seconds(b.ms)} (CPU ${seconds(b.cpuMs)}, peak ${mebibytes(b.peakRssBytes)})`;

/** Per phase, then per nx target summed over projects, then the slowest tasks. */
function whereTheTimeGoes(current: Build, baseline: Build): Measure['table'] {
  const rows: string[][] = [];
  const names = [...new Set([...current.phases, ...baseline.phases].map((p) => p.name))];
  for (const name of names) {
    const [c, b] = [current, baseline].map((build) => build.phases.find((p) => p.name === name));
    rows.push([`phase: ${name}`, c ? usage(c.run) : '-', b ? usage(b.run) : '-']);
  }
  rows.push(['whole build', buildLine(current), buildLine(baseline)]);
  const byTarget = (b: Build) => {
    const sums = new Map<string, number>();
    for (const t of b.phases.flatMap((p) => p.tasks)) sums.set(t.target, (sums.get(t.target) ?? 0) + t.ms);
    return sums;
  };
  const cur = byTarget(current);
  const old = byTarget(baseline);
  for (const target of [...new Set([...cur.keys(), ...old.keys()])].sort((a, b) => (cur.get(b) ?? 0) - (cur.get(a) ?? 0))) {
    rows.push([`all ${target} tasks (summed; nx runs two at once)`, cur.has(target) ? seconds(cur.get(target)!) : '-', old.has(target) ? seconds(old.get(target)!) : '-']);
  }
  const oldTasks = new Map(baseline.phases.flatMap((p) => p.tasks).map((t) => [t.task, t.ms]));
  for (const t of current.phases.flatMap((p) => p.tasks).sort((a, b) => b.ms - a.ms).slice(0, 12)) {
    rows.push([t.task, seconds(t.ms), oldTasks.has(t.task) ? seconds(oldTasks.get(t.task)!) : '-']);
  }
  return { title: 'Where the time goes (cold build)', header: ['step', 'this commit', `baseline ${BASELINE_COMMIT}`], rows };
}

/**
 * Full mode only. Fresh clones of the baseline commit and of this one, each with an empty nx
 * cache: their cold `npx projen build`, then on this commit's clone the same build with nothing
 * changed, `deploy:affected` with nothing changed, and the edit loop after a one-line change.
 */
export async function buildMeasures(root: string): Promise<Measure[]> {
  const head = timed('git', ['rev-parse', 'HEAD'], { cwd: root }).stdout.trim();
  const baselineClone = freshClone(root, BASELINE_COMMIT);
  const baseline = projenBuild(baselineClone);
  removeClone(baselineClone);

  const clone = freshClone(root, head);
  const cold = projenBuild(clone);
  const cached = timed('npx', ['projen', 'build'], { cwd: clone.dir, env: clone.env });
  const cachedRan = executedTasks(cached.stdout);
  const noop = await deployAffectedNoop(clone.dir, clone.env);

  const file = fs.readdirSync(path.join(clone.dir, 'packages/sqs/src')).filter((f) => f.endsWith('.ts')).sort()[0];
  fs.appendFileSync(path.join(clone.dir, 'packages/sqs/src', file), '\n// a one-line change\n');
  timed('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@localhost', 'commit', '-qam', 'one-line change'], { cwd: clone.dir });
  const affectedProjects = timed('npx', ['nx', 'show', 'projects', '--affected', '--base=HEAD~1', '--head=HEAD'], { cwd: clone.dir, env: clone.env })
    .stdout.split('\n').map((l) => l.trim()).filter(Boolean).sort();
  const edit = timed('npx', ['nx', 'affected', '-t', 'build', 'test', '--base=HEAD~1', '--head=HEAD', '--output-style=static'], { cwd: clone.dir, env: clone.env });
  const ran = executedTasks(edit.stdout);
  const unexpected = ran.filter((t) => !/^(sqs|core-service|package-consumer|bench|e2e):/.test(t));
  removeClone(clone);

    return [
    {
      name: 'cold-build-vs-baseline',
      ratio: cold.ms / baseline.ms,
      goal: 0.5,
      details: `cold npx projen build from a fresh clone with an empty nx cache: ${clone.commit} ${buildLine(cold)} vs ` +
        `${baselineClone.commit} ${buildLine(baseline)}; test tasks: ${testTasks(cold)}; ${cpuFloor(cold.cpuMs, 0.5 * baseline.ms)}`,
      table: whereTheTimeGoes(cold, baseline),
    },
    {
      name: 'build-cached',
      ratio: cached.ms / cold.ms,
      goal: 0.03,
      details: `npx projen build with nothing changed ${usage(cached)} vs cold ${seconds(cold.ms)}; ` +
        `tasks executed again: ${cachedRan.length ? cachedRan.join(', ') : 'none (all from the nx cache)'}`,
    },
    {
      name: 'edit-loop',
      ratio: edit.ms / cold.ms,
      goal: 0.12,
      details: `one-line change in packages/sqs/src, then nx affected -t build test: affected projects ${affectedProjects.join(', ')}; ` +
        `tasks executed ${ran.join(', ')}${unexpected.length ? ` (UNEXPECTED: ${unexpected.join(', ')})` : ''}; ` +
        `${usage(edit)} vs cold build ${seconds(cold.ms)}; ${cpuFloor(edit.cpuMs, 0.12 * cold.ms)}`,
    },
    noop,
  ];
}
