import * as fs from 'node:fs';
import * as path from 'node:path';
import { RemovalPolicy } from 'aws-cdk-lib/core';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { findRepositoryRoot } from '@listbackup/repository';
import { readCheckovSkips, readControlTowerSkips, runCompliance } from '../src';
import { validateSarif } from './sarif-schema';
import { synthProject, tempRepo } from './synth-fixture';

/** Where install-checkers.sh put cfn-lint and checkov; COMPLIANCE_VENV_BIN overrides it. */
const venvBin = process.env.COMPLIANCE_VENV_BIN ?? path.join(findRepositoryRoot(__dirname), '.venv-checkers', 'bin');
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

  (has('checkov') ? test : test.skip)('checkov runs again when a template changed since its last run in the process', () => {
    // The runs above read one checkov output of this template; a changed template must not be served it.
    const skipsFile = path.join(root, 'none.json');
    fs.writeFileSync(skipsFile, JSON.stringify({ skips: [] }));
    const ids = () => runCompliance({ root, checkov: true, venvBin, checkovSkipsFile: skipsFile }).report.checkers[0].problems.map((p) => `${p.id} ${p.resource}`);
    expect(ids()).not.toContain('CKV_AWS_27 AWS::SQS::Queue.Unencrypted');
    const file = path.join(root, 'packages', 'checked', 'cdk.out', 'listbackup-checked-dev.template.json');
    const template = fs.readFileSync(file, 'utf8');
    try {
      const changed = JSON.parse(template);
      changed.Resources.Unencrypted = { Type: 'AWS::SQS::Queue', Properties: { SqsManagedSseEnabled: false } };
      fs.writeFileSync(file, JSON.stringify(changed, null, 1));
      expect(ids()).toContain('CKV_AWS_27 AWS::SQS::Queue.Unencrypted');
    } finally {
      fs.writeFileSync(file, template);
    }
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

describe('AWS Control Tower proactive controls', () => {
  // An SSE-S3 bucket without access logs or Object Lock: Control Tower fails it, whatever the packs said.
  const ct = tempRepo();
  synthProject(ct, 'guarded', (stack) => {
    new s3.Bucket(stack, 'Plain', { encryption: s3.BucketEncryption.S3_MANAGED, enforceSSL: true, versioned: true, removalPolicy: RemovalPolicy.RETAIN });
  });
  const bucketId = () => {
    const template = JSON.parse(fs.readFileSync(path.join(ct, 'packages', 'guarded', 'cdk.out', 'listbackup-guarded-dev.template.json'), 'utf8'));
    return Object.entries<any>(template.Resources).find(([, r]) => r.Type === 'AWS::S3::Bucket')![0];
  };

  test('the shipped list names a control id, named resources and a reason in every entry', () => {
    const skips = readControlTowerSkips(path.join(__dirname, '..', 'control-tower-skips.json'));
    expect(skips.length).toBeGreaterThan(0);
    for (const skip of skips) expect(skip.resources?.length).toBeGreaterThan(0);
  });

  test('an entry with a checkov id is refused with the file and entry named', () => {
    const file = path.join(ct, 'bad-ct.json');
    fs.writeFileSync(file, JSON.stringify({ skips: [{ id: 'CKV_AWS_18', reason: 'a reason long enough' }] }));
    expect(() => readControlTowerSkips(file)).toThrow(`${file}: entry 0 needs a Control Tower id (CT.S3.PR.2) and a reason`);
  });

  test('failures of the guard rules fail the run, by control and resource, with the control\'s name', () => {
    const skipsFile = path.join(ct, 'none-ct.json');
    fs.writeFileSync(skipsFile, JSON.stringify({ skips: [] }));
    const run = runCompliance({ root: ct, controlTower: true, controlTowerSkipsFile: skipsFile });
    const [checker] = run.report.checkers;
    expect(checker).toMatchObject({ name: 'control-tower', passed: false });
    expect(checker.problems).toContainEqual(expect.objectContaining({
      id: 'CT.S3.PR.2', resource: `AWS::S3::Bucket.${bucketId()}`, message: 'Require an Amazon S3 bucket to have server access logging configured',
      template: 'packages/guarded/cdk.out/listbackup-guarded-dev.template.json', line: expect.any(Number),
    }));
    expect(run.failures).toContainEqual(expect.stringMatching(/^control-tower CT\.S3\.PR\.2 in packages\/guarded\/.* AWS::S3::Bucket\./));
  });

  test('accepted failures carry their reason, the line that accepts them and the frameworks they map to, in every report file', () => {
    const skipsFile = path.join(ct, 'accepted-ct.json');
    const failed = [...new Set(runCompliance({ root: ct, controlTower: true, controlTowerSkipsFile: path.join(ct, 'none-ct.json') })
      .report.checkers[0].problems.map((p) => p.id))];
    fs.writeFileSync(skipsFile, JSON.stringify({
      skips: failed.map((id) => ({ id, resources: [`AWS::S3::Bucket.${bucketId()}`], reason: `accepted for this fixture: ${id}` })),
    }, null, 2));
    const run = runCompliance({ root: ct, controlTower: true, controlTowerSkipsFile: skipsFile });
    const [checker] = run.report.checkers;
    expect(checker).toMatchObject({ passed: true, problems: [] });
    const logging = checker.skipped.find((p) => p.id === 'CT.S3.PR.2')!;
    const line = fs.readFileSync(skipsFile, 'utf8').split('\n').findIndex((l) => l.includes('"id": "CT.S3.PR.2"')) + 1;
    expect(logging).toMatchObject({ reason: 'accepted for this fixture: CT.S3.PR.2', acceptedAt: `accepted-ct.json:${line}` });
    expect(logging.frameworks.controlTower).toEqual(['CT.S3.PR.2']);
    expect(logging.frameworks.nist).toEqual(expect.arrayContaining(['AU-2']));

    const out = path.join(ct, 'reports', 'compliance');
    const md = fs.readFileSync(path.join(out, 'summary.md'), 'utf8');
    expect(md).toContain(`| control-tower | CT.S3.PR.2 | AWS::S3::Bucket.${bucketId()} | accepted for this fixture: CT.S3.PR.2 | accepted-ct.json:${line} | CT.S3.PR.2 |`);
    const html = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(html).toContain('<h2>Accepted checker failures</h2>');
    expect(html).toContain(`<code>accepted-ct.json:${line}</code>`);
    const sarifLog = JSON.parse(fs.readFileSync(path.join(out, 'results.sarif'), 'utf8'));
    const result = sarifLog.runs.find((r: any) => r.tool.driver.name === 'control-tower').results.find((r: any) => r.ruleId === 'CT.S3.PR.2');
    expect(result.suppressions).toEqual([{
      kind: 'external', status: 'accepted', justification: 'accepted for this fixture: CT.S3.PR.2',
      location: { physicalLocation: { artifactLocation: { uri: 'accepted-ct.json', uriBaseId: 'SRCROOT' }, region: { startLine: line } } },
    }]);
    expect(result.properties).toMatchObject({ acceptedAt: `accepted-ct.json:${line}`, controlTower: ['CT.S3.PR.2'], nist80053: expect.arrayContaining(['AU-2']) });
    expect(validateSarif(sarifLog)).toEqual([]);
    expect(fs.readFileSync(path.join(out, 'junit.xml'), 'utf8')).toContain(`skipped message="accepted at accepted-ct.json:${line}: accepted for this fixture: CT.S3.PR.2 (Control Tower CT.S3.PR.2; NIST 800-53 `);
  });
});
