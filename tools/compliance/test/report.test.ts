import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as sarif from 'sarif';
import { RecordingPrinter } from '@listbackup/cli';
import { COMPLIANCE_CLI } from '../src/cli-main';
import { runCompliance } from '../src';
import { RemovalPolicy, Validations } from 'aws-cdk-lib/core';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { callerLine, synthProject, table, tempRepo } from './synth-fixture';
import { validateSarif } from './sarif-schema';

/** The command line in-process, with recording printers. */
async function cli(...argv: string[]) {
  const out = new RecordingPrinter();
  const err = new RecordingPrinter();
  const code = await COMPLIANCE_CLI.run(argv, { out, err, deps: {} });
  return { code, out: out.text, err: err.text };
}

const root = tempRepo();
let bucketLine = 0;
let ackLine = 0;
synthProject(root, 'demo', (stack) => {
  // Created here, not in a helper: the report must point at this very line.
  new s3.Bucket(stack, 'Unversioned', { encryption: s3.BucketEncryption.S3_MANAGED, enforceSSL: true, removalPolicy: RemovalPolicy.RETAIN }); bucketLine = callerLine();
  const scratch = table(stack, 'Scratch', { deletionProtection: false });
  Validations.of(scratch).acknowledge({ id: 'ListBackup-DynamoDBTableDeletionProtection', reason: 'scratch table, rebuilt from events' }); ackLine = callerLine();
});
fs.mkdirSync(path.join(root, 'packages', 'pending'));
fs.writeFileSync(path.join(root, 'packages', 'pending', 'cdk.json'), '{}');
fs.mkdirSync(path.join(root, 'packages', 'library'));

const out = path.join(root, 'reports', 'compliance');
const run = runCompliance({ root });
const read = (name: string) => fs.readFileSync(path.join(out, name), 'utf8');
const sarifLog: sarif.Log = JSON.parse(read('results.sarif'));
const listBackupRun = () => sarifLog.runs.find((r) => r.tool.driver.name === 'ListBackup')!;

describe('compliance report of a synthesized app', () => {
  test('finds the CDK apps, reports one that was never synthesized and ignores plain libraries', () => {
    expect(run.report.projects.map((p) => [p.dir, p.notSynthesized ?? 'synthesized'])).toEqual([
      ['packages/demo', 'synthesized'],
      ['packages/pending', expect.stringMatching(/^not synthesized: .*cdk\.out.*npx projen synth/)],
    ]);
    expect(run.report.projects[0].stacks.map((s) => [s.stack, s.template]))
      .toEqual([['listbackup-demo-dev', 'packages/demo/cdk.out/listbackup-demo-dev.template.json']]);
  });

  test('writes the five files into <root>/reports/compliance', () => {
    expect(run.files.map((f) => path.relative(root, f)).sort()).toEqual([
      'reports/compliance/findings.json', 'reports/compliance/index.html', 'reports/compliance/junit.xml',
      'reports/compliance/results.sarif', 'reports/compliance/summary.md',
    ]);
  });

  test('an unacknowledged error fails the run, by name, and the CLI exits 1', async () => {
    expect(run.failures).toContainEqual(expect.stringMatching(/^ListBackup-S3BucketVersioning at listbackup-demo-dev\/Unversioned\/Resource \(.*report\.test\.ts:\d+(:\d+)?\) in demo$/));
    const cliOut = path.join(root, 'cli-out');
    const r = await cli('--root', root, '--out', cliOut);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^packages\/pending: not synthesized: /);
    expect(r.err).toContain(`\ncompliance: ${run.failures.length} failure(s)\n`);
    expect(r.err).toMatch(/\n {2}ListBackup-S3BucketVersioning at listbackup-demo-dev\/Unversioned\/Resource /);
    expect(r.out).toBe(`report written to ${cliOut}/`);
    expect(fs.existsSync(path.join(cliOut, 'summary.md'))).toBe(true);
  });

  test('the SARIF result of the error points at the line of this file that created the bucket', () => {
    const result = listBackupRun().results!.find((r) => r.ruleId === 'ListBackup-S3BucketVersioning')!;
    expect(result.level).toBe('error');
    const loc = result.locations![0];
    expect(loc.physicalLocation!.artifactLocation!.uri).toMatch(/report\.test\.ts$/);
    expect(loc.physicalLocation!.region!.startLine).toBe(bucketLine);
    expect(loc.logicalLocations![0].fullyQualifiedName).toBe('listbackup-demo-dev/Unversioned/Resource');
    expect(listBackupRun().tool.driver.rules!.find((r) => r.id === 'ListBackup-S3BucketVersioning')!.fullDescription!.text)
      .toContain('versioning');
  });

  test('the acknowledged finding is a SARIF result with a suppression carrying the reason', () => {
    const result = listBackupRun().results!.find((r) => r.ruleId === 'ListBackup-DynamoDBTableDeletionProtection')!;
    expect(result.suppressions).toEqual([{ kind: 'inSource', status: 'accepted', justification: 'scratch table, rebuilt from events' }]);
    expect(result.locations![0].physicalLocation!.region!.startLine).toBe(ackLine);
    expect(result.locations![0].logicalLocations![0].fullyQualifiedName).toBe('listbackup-demo-dev/Scratch');
  });

  test('SARIF has a run per pack and is valid against the SARIF 2.1.0 schema', () => {
    expect(sarifLog.runs.map((r) => r.tool.driver.name)).toEqual(expect.arrayContaining(['AwsSolutions', 'ListBackup']));
    expect(validateSarif(sarifLog)).toEqual([]);
  });

  test('JUnit: a testsuite per stack with a failure per unacknowledged error, acknowledgements skipped', () => {
    const junit = read('junit.xml');
    const suite = /<testsuite name="demo\/listbackup-demo-dev"[^>]*>/.exec(junit)![0];
    expect(Number(/failures="(\d+)"/.exec(suite)![1])).toBe(run.report.projects[0].stacks[0].findings.filter((f) => f.severity === 'error').length);
    expect(junit).toMatch(/<testcase name="ListBackup-S3BucketVersioning listbackup-demo-dev\/Unversioned\/Resource"[^>]*><failure /);
    expect(junit).toMatch(/<testcase name="ListBackup-DynamoDBTableDeletionProtection listbackup-demo-dev\/Scratch"[^>]*><skipped message="acknowledged: scratch table, rebuilt from events"\/>/);
    expect(junit).toMatch(/<testsuite name="pending"[^>]*skipped="1"/);
  });

  test('summary.md, index.html and findings.json name the failure, the acknowledgement and the unsynthesized project', () => {
    const md = read('summary.md');
    expect(md).toMatch(/^## Compliance: \d+ failure\(s\)/);
    expect(md).toContain('**Not synthesized:** `packages/pending`');
    expect(md).toContain('| ListBackup-DynamoDBTableDeletionProtection | listbackup-demo-dev/Scratch | scratch table, rebuilt from events |');
    const html = read('index.html');
    expect(html).toContain('<code>listbackup-demo-dev/Unversioned/Resource</code>');
    expect(html).toMatch(new RegExp(`report\\.test\\.ts:${bucketLine}\\b`));
    expect(html).toContain('scratch table, rebuilt from events');
    const json = JSON.parse(read('findings.json'));
    expect(json.totals).toMatchObject({ projects: 2, notSynthesized: 1, stacks: 1, acknowledged: 1 });
    expect(json.failures).toEqual(run.failures);
  });
});

describe('compliance report without errors', () => {
  test('passes and exits 0; a project that was never synthesized is named, not silently skipped', async () => {
    const clean = tempRepo();
    fs.mkdirSync(path.join(clean, 'apps', 'later'), { recursive: true });
    fs.writeFileSync(path.join(clean, 'apps', 'later', 'cdk.json'), '{}');
    const r = await cli('--root', clean);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^apps\/later: not synthesized: [^\n]*$/);
    expect(r.out).toBe(`report written to ${path.join(clean, 'reports', 'compliance')}/\ncompliance: passed`);
    expect(fs.readFileSync(path.join(clean, 'reports', 'compliance', 'summary.md'), 'utf8')).toMatch(/^## Compliance: passed/);
  });

  test.each([
    [['--bogus'], "error: unknown option '--bogus'"],
    [['--root'], 'error: --root needs a value: --root <repo>'],
    [['--cfn-lint=yes'], 'error: --cfn-lint takes no value'],
    [['stray'], "error: unexpected argument 'stray': it takes no positional argument"],
  ])('bad usage %j: exit 2, the message and the usage on stderr, no report written', async (argv, message) => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'compliance-usage-'));
    const r = await cli(...argv, '--out', empty);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toContain(message);
    expect(r.err).toContain('\n\nusage: listbackup-compliance [options]\n');
    expect(r.out).toBe('');
    expect(fs.readdirSync(empty)).toEqual([]);
  });

  test("a report that cannot be made is the tool's own error, exit 1: no repository root", async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'compliance-no-root-'));
    const cwd = process.cwd();
    process.chdir(outside);
    try {
      const r = await cli();
      expect(r).toMatchObject({ code: 1, out: '' });
      expect(r.err).toBe(`error [NoRepositoryRoot]: no nx.json found in ${outside} or any folder above it: run inside the repository or pass --root <folder>`);
    } finally {
      process.chdir(cwd);
    }
  });

  test('--help prints the usage on stdout, exit 0; the bin shim runs it as a process', async () => {
    expect(await cli('--help')).toEqual({ code: 0, out: COMPLIANCE_CLI.usage, err: '' });
    expect(COMPLIANCE_CLI.usage).toContain('  --control-tower  ');
    const bin = path.join(__dirname, '..', 'bin', 'listbackup-compliance');
    expect(execFileSync(process.execPath, [bin, '-h'], { encoding: 'utf8' })).toBe(COMPLIANCE_CLI.usage + '\n');
    const bad = spawnSync(process.execPath, [bin, '--nope'], { encoding: 'utf8' });
    expect([bad.status, bad.stdout, bad.stderr.split('\n')[0]]).toEqual([2, '', "error: unknown option '--nope'"]);
  });
});
