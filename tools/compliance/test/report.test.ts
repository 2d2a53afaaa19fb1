import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as sarif from 'sarif';
import { main } from '../src/cli';
import { runCompliance } from '../src';
import { RemovalPolicy, Validations } from 'aws-cdk-lib/core';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { callerLine, synthProject, table, tempRepo } from './synth-fixture';
import { validateSarif } from './sarif-schema';

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

  test('an unacknowledged error fails the run, by name, and the CLI exits non-zero', () => {
    expect(run.failures).toContainEqual(expect.stringMatching(/^ListBackup-S3BucketVersioning at listbackup-demo-dev\/Unversioned\/Resource \(.*report\.test\.ts:\d+(:\d+)?\) in demo$/));
    const errors: string[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((m: string) => { errors.push(m); });
    const logs = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const warns = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      expect(main(['--root', root, '--out', path.join(root, 'cli-out')])).toBe(1);
    } finally {
      spy.mockRestore(); logs.mockRestore(); warns.mockRestore();
    }
    expect(errors.join('\n')).toContain('ListBackup-S3BucketVersioning at listbackup-demo-dev/Unversioned/Resource');
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
  test('passes and exits 0; a project that was never synthesized is named, not silently skipped', () => {
    const clean = tempRepo();
    fs.mkdirSync(path.join(clean, 'apps', 'later'), { recursive: true });
    fs.writeFileSync(path.join(clean, 'apps', 'later', 'cdk.json'), '{}');
    const warnings: string[] = [];
    const warn = jest.spyOn(console, 'warn').mockImplementation((m: string) => { warnings.push(m); });
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(main(['--root', clean])).toBe(0);
    } finally {
      warn.mockRestore(); log.mockRestore();
    }
    expect(warnings).toEqual([expect.stringMatching(/^apps\/later: not synthesized: /)]);
    expect(fs.readFileSync(path.join(clean, 'reports', 'compliance', 'summary.md'), 'utf8')).toMatch(/^## Compliance: passed/);
  });

  test('bad usage is a clear error with exit code 2', () => {
    const err = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(main(['--bogus'])).toBe(2);
      expect(err.mock.calls[0][0]).toContain("unknown argument '--bogus'");
    } finally {
      err.mockRestore();
    }
  });
});
