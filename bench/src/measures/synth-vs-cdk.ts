import * as fs from 'node:fs';
import * as path from 'node:path';
import { STACK_PROJECTS } from '@listbackup/repository';
import { Measure } from '../results';
import { mebibytes, seconds, TimedRun, timed } from '../process-timing';

interface Totals { ms: number; cpuMs: number; peakRssBytes: number }
const add = (t: Totals, run: TimedRun) => {
  t.ms += run.ms;
  t.cpuMs += run.cpuMs ?? 0;
  t.peakRssBytes = Math.max(t.peakRssBytes, run.peakRssBytes ?? 0);
};
const half = (t: Totals): Totals => ({ ms: t.ms / 2, cpuMs: t.cpuMs / 2, peakRssBytes: t.peakRssBytes });
/** Each stack project's compiled app entry (`npx projen compile` writes it). */
const APP = 'app/lib/main.js';
const line = (t: Totals) => `${seconds(t.ms)} (peak ${mebibytes(t.peakRssBytes || undefined)})`;

/** The stack templates of a cloud assembly, by file name, from its manifest (a stale template beside them is not one). */
function templates(assemblyDir: string): Map<string, string> {
  const manifest = JSON.parse(fs.readFileSync(path.join(assemblyDir, 'manifest.json'), 'utf8')) as {
    artifacts?: Record<string, { type: string; properties?: { templateFile?: string } }>;
  };
  const files = Object.values(manifest.artifacts ?? {})
    .filter((a) => a.type === 'aws:cloudformation:stack' && a.properties?.templateFile)
    .map((a) => a.properties!.templateFile!)
    .sort();
  return new Map(files.map((f) => [f, fs.readFileSync(path.join(assemblyDir, f), 'utf8')]));
}

/**
 * Our synth against two anchors, the same six stacks each:
 * - ours is what the build, `deploy:affected` and `deploy:local` run: the nx target `synth` of the
 *   six stack projects (`@listbackup/synth-executor`, one process for the six apps, each into its
 *   own `cdk.out`), here without the build it depends on (`--exclude-task-dependencies`) and with
 *   nx's cache skipped, nx's own start included. It runs before and after the first anchor's six
 *   runs and counts as the mean of the two, so a change of load on the machine falls on both sides.
 * - `synth-vs-cdk-node`: the CDK CLI 2.x driving the very same compiled app of each project, one
 *   fresh process a stack (`cdk synth --app 'node app/lib/main.js'`), what a tuned team runs;
 *   its templates must be byte for byte ours;
 * - `synth-vs-cdk`: the CDK CLI running the app entry the way projen's AwsCdkTypeScriptApp sets it
 *   up by default, through ts-node, type-checked on every run
 *   (`npx ts-node -P tsconfig.app.json --prefer-ts-exts app/main.ts`).
 */
export function synthVsCdk(root: string): Measure[] {
  const cdk = path.join(root, 'node_modules', '.bin', 'cdk');
  const nx = path.join(root, 'node_modules', '.bin', 'nx');
  const env = { STAGE: 'main', CDK_DISABLE_VERSION_CHECK: '1', CDK_DISABLE_CLI_TELEMETRY: 'true' };
  const missing = STACK_PROJECTS.filter((p) => !fs.existsSync(path.join(root, p, APP)));
  if (missing.length) {
    throw new Error(`synth-vs-cdk needs compiled apps: ${missing.join(', ')} have no ${APP}; run npx projen compile first`);
  }
  const projects = STACK_PROJECTS.map((p) => path.basename(p));
  const ours: Totals = { ms: 0, cpuMs: 0, peakRssBytes: 0 };
  const cliNode: Totals = { ms: 0, cpuMs: 0, peakRssBytes: 0 };
  const cliTsNode: Totals = { ms: 0, cpuMs: 0, peakRssBytes: 0 };
  const oursRun = () => timed(nx, [
    'run-many', '-t', 'synth', `--projects=${projects.join(',')}`, '--exclude-task-dependencies', '--skip-nx-cache', '--output-style=static',
  ], { cwd: root, env: { ...env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' } });
  // Each anchor writes beside the project's cdk.out, at the same depth: core-service's Lambda
  // bundles carry source maps with paths relative to the assembly, so their asset hashes, and the
  // template, are the same only from the same depth.
  const anchorOut = (project: string, anchor: string) => path.join(root, project, `.bench-${anchor}.out`);
  // Without the metadata the CLI adds by default (construct paths, asset paths), which our synth
  // does not write: the same templates.
  const cdkSynth = (project: string, app: string, anchor: string) => timed(cdk, [
    'synth', '--quiet', '--no-notices', '--no-version-reporting', '--no-path-metadata', '--no-asset-metadata',
    '--app', app, '--output', anchorOut(project, anchor),
  ], { cwd: path.join(root, project), env });
  try {
    add(ours, oursRun());
    for (const project of STACK_PROJECTS) add(cliNode, cdkSynth(project, `node --enable-source-maps ${APP}`, 'cdk-node'));
    add(ours, oursRun());
    for (const project of STACK_PROJECTS) add(cliTsNode, cdkSynth(project, 'npx ts-node -P tsconfig.app.json --prefer-ts-exts app/main.ts', 'cdk-ts-node'));
    compareTemplates(root, anchorOut);
  } finally {
    for (const project of STACK_PROJECTS) {
      for (const anchor of ['cdk-node', 'cdk-ts-node']) fs.rmSync(anchorOut(project, anchor), { recursive: true, force: true });
    }
  }
  const mean = half(ours);
  const packs = 'six stacks with AwsSolutions + NIST 800-53 R5 + ListBackupChecks';
  const oursName = 'nx run-many -t synth (one process for the six apps; nx start included)';
  return [
    {
      name: 'synth-vs-cdk-node',
      ratio: mean.ms / cliNode.ms,
      goal: 0.4,
      details: `${packs}: ${oursName} ${line(mean)} vs cdk synth --app 'node ${APP}' of the same compiled apps, ` +
        `one process a stack, ${line(cliNode)}; CPU ${seconds(mean.cpuMs)} vs ${seconds(cliNode.cpuMs)}; templates identical`,
    },
    {
      name: 'synth-vs-cdk',
      ratio: mean.ms / cliTsNode.ms,
      goal: 0.25,
      details: `${packs}: ${oursName} ${line(mean)} vs cdk synth with ts-node ${line(cliTsNode)}; ` +
        'ours runs JavaScript compiled once by the build, which type-checks it',
    },
  ];
}

/** Throws unless ours and both anchors wrote the same stacks, and ours and cdk-node the same templates. */
function compareTemplates(root: string, anchorOut: (project: string, anchor: string) => string): void {
  for (const project of STACK_PROJECTS) {
    const name = path.basename(project);
    const mine = templates(path.join(root, project, 'cdk.out'));
    const node = templates(anchorOut(project, 'cdk-node'));
    const tsNode = templates(anchorOut(project, 'cdk-ts-node'));
    const names = (m: Map<string, string>) => [...m.keys()].join(',');
    if (names(mine) !== names(node) || names(mine) !== names(tsNode)) {
      throw new Error(`synth-vs-cdk: ${name} produced different stacks (${names(mine)} vs ${names(node)} from cdk-node, ${names(tsNode)} from cdk-ts-node)`);
    }
    for (const [file, text] of mine) {
      if (node.get(file) !== text) throw new Error(`synth-vs-cdk: ${name}/${file} differs from the one cdk synth wrote from the same compiled app`);
    }
  }
}
