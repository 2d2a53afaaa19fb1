import * as fs from 'node:fs';
import * as os from 'node:os';
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
/** Each stack project's compiled app entry (`npx projen compile` writes it). */
const APP = 'app/lib/main.js';
const line = (t: Totals) => `${seconds(t.ms)} (peak ${mebibytes(t.peakRssBytes || undefined)})`;

/**
 * Our synth (the compiled app run by node, policy packs included) against two anchors, the same
 * six stacks each, one after another in fresh processes:
 * - `synth-vs-cdk-node`: the CDK CLI 2.x driving the very same compiled app
 *   (`cdk synth --app 'node app/lib/main.js'`), what a tuned team runs;
 * - `synth-vs-cdk`: the CDK CLI running the app entry the way projen's AwsCdkTypeScriptApp sets it
 *   up by default, through ts-node, type-checked on every run
 *   (`npx ts-node -P tsconfig.app.json --prefer-ts-exts app/main.ts`).
 * The three runs of a stack follow each other, so load on the machine falls on all of them alike.
 */
export function synthVsCdk(root: string): Measure[] {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
  const cdk = path.join(root, 'node_modules', '.bin', 'cdk');
  const env = { STAGE: 'main', CDK_DISABLE_VERSION_CHECK: '1', CDK_DISABLE_CLI_TELEMETRY: 'true' };
  const missing = STACK_PROJECTS.filter((p) => !fs.existsSync(path.join(root, p, APP)));
  if (missing.length) {
    throw new Error(`synth-vs-cdk needs compiled apps: ${missing.join(', ')} have no ${APP}; run npx projen compile first`);
  }
  const ours: Totals = { ms: 0, cpuMs: 0, peakRssBytes: 0 };
  const cliNode: Totals = { ms: 0, cpuMs: 0, peakRssBytes: 0 };
  const cliTsNode: Totals = { ms: 0, cpuMs: 0, peakRssBytes: 0 };
  const cdkSynth = (cwd: string, app: string, output: string) => timed(cdk, [
    'synth', '--quiet', '--no-notices', '--no-version-reporting', '--app', app, '--output', output,
  ], { cwd, env });
  for (const project of STACK_PROJECTS) {
    const cwd = path.join(root, project);
    const name = path.basename(project);
    add(ours, timed('node', ['--enable-source-maps', APP], { cwd, env: { ...env, CDK_OUTDIR: path.join(out, 'ours', name) } }));
    add(cliNode, cdkSynth(cwd, `node --enable-source-maps ${APP}`, path.join(out, 'cdk-node', name)));
    add(cliTsNode, cdkSynth(cwd, 'npx ts-node -P tsconfig.app.json --prefer-ts-exts app/main.ts', path.join(out, 'cdk-ts-node', name)));
  }
  for (const project of STACK_PROJECTS) {
    const name = path.basename(project);
    const templates = (dir: string) => fs.readdirSync(path.join(out, dir, name)).filter((f) => f.endsWith('.template.json')).sort().join(',');
    for (const anchor of ['cdk-node', 'cdk-ts-node']) {
      if (templates('ours') !== templates(anchor)) {
        throw new Error(`synth-vs-cdk: ${name} produced different stacks (${templates('ours')} vs ${templates(anchor)} from ${anchor})`);
      }
    }
  }
  fs.rmSync(out, { recursive: true, force: true });
  const packs = 'six stacks with AwsSolutions + NIST 800-53 R5 + ListBackupChecks';
  return [
    {
      name: 'synth-vs-cdk-node',
      ratio: ours.ms / cliNode.ms,
      goal: 0.4,
      details: `${packs}: node ${APP} ${line(ours)} vs cdk synth --app 'node ${APP}' of the same compiled apps ` +
        `${line(cliNode)}; CPU ${seconds(ours.cpuMs)} vs ${seconds(cliNode.cpuMs)}`,
    },
    {
      name: 'synth-vs-cdk',
      ratio: ours.ms / cliTsNode.ms,
      goal: 0.25,
      details: `${packs}: node ${APP} ${line(ours)} vs cdk synth with ts-node ${line(cliTsNode)}; ` +
        'ours runs JavaScript compiled once by the build, which type-checks it',
    },
  ];
}
