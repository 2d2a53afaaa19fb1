import * as fs from 'node:fs';
import * as path from 'node:path';
import { RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { readCheckovSkips, runCompliance } from '../src';
import { findRoot } from '../src/collect';
import { synthProject, tempRepo } from './synth-fixture';

/** Where install-checkers.sh put cfn-lint and checkov; COMPLIANCE_VENV_BIN overrides it. */
const venvBin = process.env.COMPLIANCE_VENV_BIN ?? path.join(findRoot(__dirname), '.venv-checkers', 'bin');
// Outside CI a missing checker skips its test; in CI (`npx projen setup` installed them) it must run.
const has = (tool: string) => Boolean(process.env.CI) || fs.existsSync(path.join(venvBin, tool));
const root = tempRepo();
synthProject(root, 'checked', (stack) => {
  new s3.Bucket(stack, 'Data', { encryption: s3.BucketEncryption.S3_MANAGED, enforceSSL: true, versioned: true, removalPolicy: RemovalPolicy.RETAIN });
});

describe('checkov-skips.json', () => {
  test('every entry of the shipped file names a check and a reason', () => {
    expect(() => readCheckovSkips(path.join(__dirname, '..', 'checkov-skips.json'))).not.toThrow();
  });
  test('an entry without a reason is refused with the file and entry named', () => {
    const file = path.join(root, 'skips.json');
    fs.writeFileSync(file, JSON.stringify({ skips: [{ id: 'CKV_AWS_18' }] }));
    expect(() => readCheckovSkips(file)).toThrow(`${file}: entry 0 needs a checkov id (CKV_AWS_…) and a reason`);
  });
});

describe('independent checkers', () => {
  test('a missing checker fails the run and says how to install it', () => {
    const run = runCompliance({ root, cfnLint: true, venvBin: path.join(root, 'no-venv') });
    expect(run.report.checkers[0]).toMatchObject({ name: 'cfn-lint', passed: false });
    expect(run.failures).toContainEqual(expect.stringContaining('install-checkers.sh'));
  });

  (has('cfn-lint') ? test : test.skip)('cfn-lint finds no error in a synthesized template', () => {
    const run = runCompliance({ root, cfnLint: true, venvBin });
    expect(run.report.checkers[0]).toMatchObject({ name: 'cfn-lint', passed: true, problems: [] });
    expect(fs.readFileSync(path.join(root, 'reports', 'compliance', 'summary.md'), 'utf8')).toContain('**cfn-lint**: 1 template(s): 0 error(s)');
  });

  (has('checkov') ? test : test.skip)('checkov failures fail the run unless checkov-skips.json accepts them', () => {
    const skipsFile = path.join(root, 'none.json');
    fs.writeFileSync(skipsFile, JSON.stringify({ skips: [] }));
    const strict = runCompliance({ root, checkov: true, venvBin, checkovSkipsFile: skipsFile });
    const failed = [...new Set(strict.report.checkers[0].problems.map((p) => p.id))];
    expect(failed.length).toBeGreaterThan(0);
    expect(strict.failures.some((f) => f.startsWith('checkov '))).toBe(true);
    fs.writeFileSync(skipsFile, JSON.stringify({ skips: failed.map((id) => ({ id, reason: 'accepted for this test fixture only' })) }));
    const lenient = runCompliance({ root, checkov: true, venvBin, checkovSkipsFile: skipsFile });
    expect(lenient.report.checkers[0]).toMatchObject({ passed: true, problems: [] });
    expect(lenient.report.checkers[0].skipped.map((s) => s.id).sort()).toEqual(expect.arrayContaining(failed));
  });

  (has('checkov') ? test : test.skip)('a skip limited to resources accepts those resources only', () => {
    const skipsFile = path.join(root, 'limited.json');
    fs.writeFileSync(skipsFile, JSON.stringify({ skips: [] }));
    const [problem] = runCompliance({ root, checkov: true, venvBin, checkovSkipsFile: skipsFile }).report.checkers[0].problems;
    fs.writeFileSync(skipsFile, JSON.stringify({ skips: [{ id: problem.id, resources: ['AWS::S3::Bucket.SomethingElse'], reason: 'limited to another resource' }] }));
    const other = runCompliance({ root, checkov: true, venvBin, checkovSkipsFile: skipsFile }).report.checkers[0];
    expect(other.problems.map((p) => `${p.id} ${p.resource}`)).toContain(`${problem.id} ${problem.resource}`);
    fs.writeFileSync(skipsFile, JSON.stringify({ skips: [{ id: problem.id, resources: [problem.resource], reason: 'limited to this resource' }] }));
    const same = runCompliance({ root, checkov: true, venvBin, checkovSkipsFile: skipsFile }).report.checkers[0];
    expect(same.problems.map((p) => `${p.id} ${p.resource}`)).not.toContain(`${problem.id} ${problem.resource}`);
  });

  test('a skip whose resources are not checkov resource ids is refused', () => {
    const file = path.join(root, 'bad-resources.json');
    fs.writeFileSync(file, JSON.stringify({ skips: [{ id: 'CKV_AWS_18', resources: ['AccessLogsBucket'], reason: 'a reason long enough' }] }));
    expect(() => readCheckovSkips(file)).toThrow(/entry 0 \(CKV_AWS_18\): "resources" must list checkov resource ids/);
  });

  if (!has('cfn-lint') || !has('checkov')) {
    // Printed, not silent: say which checker tests did not run and why.
    console.log(`checker tests skipped for tools missing in ${venvBin}: run tools/compliance/scripts/install-checkers.sh`);
  }
});
