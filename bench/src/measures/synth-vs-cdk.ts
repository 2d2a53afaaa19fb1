import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Measure } from '../results';
import { seconds, timed } from '../process-timing';
import { STACK_PROJECTS } from '../workspace';

/**
 * Our synth (the compiled app run by node, policy packs included) against the anchor: the CDK CLI
 * 2.x running the same app the way projen's AwsCdkTypeScriptApp sets it up by default
 * (`npx ts-node -P tsconfig.json --prefer-ts-exts src/main.ts`, type-checked on every run).
 * Both synthesize the same six stacks, one after another, cold (fresh processes, no caches).
 */
export function synthVsCdk(root: string): Measure {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
  const cdk = path.join(root, 'node_modules', '.bin', 'cdk');
  const env = { STAGE: 'main', CDK_DISABLE_VERSION_CHECK: '1', CDK_DISABLE_CLI_TELEMETRY: 'true' };
  let ours = 0;
  let anchor = 0;
  const missing = STACK_PROJECTS.filter((p) => !fs.existsSync(path.join(root, p, 'lib', 'main.js')));
  if (missing.length) {
    throw new Error(`synth-vs-cdk needs compiled apps: ${missing.join(', ')} have no lib/main.js; run npx projen compile first`);
  }
  for (const project of STACK_PROJECTS) {
    const cwd = path.join(root, project);
    const name = path.basename(project);
    ours += timed('node', ['--enable-source-maps', 'lib/main.js'], { cwd, env: { ...env, CDK_OUTDIR: path.join(out, 'ours', name) } }).ms;
    anchor += timed(cdk, [
      'synth', '--quiet', '--no-notices', '--no-version-reporting',
      '--app', 'npx ts-node -P tsconfig.json --prefer-ts-exts src/main.ts',
      '--output', path.join(out, 'cdk', name),
    ], { cwd, env }).ms;
  }
  for (const project of STACK_PROJECTS) {
    const name = path.basename(project);
    const ourTemplates = fs.readdirSync(path.join(out, 'ours', name)).filter((f) => f.endsWith('.template.json')).sort();
    const cdkTemplates = fs.readdirSync(path.join(out, 'cdk', name)).filter((f) => f.endsWith('.template.json')).sort();
    if (JSON.stringify(ourTemplates) !== JSON.stringify(cdkTemplates)) {
      throw new Error(`synth-vs-cdk: ${name} produced different stacks (${ourTemplates} vs ${cdkTemplates})`);
    }
  }
  fs.rmSync(out, { recursive: true, force: true });
  return {
    name: 'synth-vs-cdk',
    ratio: ours / anchor,
    goal: 0.25,
    details: `six stacks with AwsSolutions + NIST 800-53 R5 + ListBackupChecks: node lib/main.js ${seconds(ours)} vs ` +
      `cdk synth with ts-node ${seconds(anchor)}; ours runs JavaScript compiled once by the build, which type-checks it`,
  };
}
