import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { FakeCloudFormation, FakeS3, FakeSts, MUTATING_COMMANDS } from '../src/testing';
import { bootstrapRole, writeAssembly } from './fixtures/assemblies';
import { runAgainstFake } from './fixtures/run-cli';

const STACK = 'listbackup-core-test';
const BUCKET = 'cdk-hnb659fds-assets-123456789012-us-east-1';

/** A function stack whose code is a directory asset, as the CDK synthesizes it, with the bootstrap roles. */
function functionAssembly(): string {
  const dir = writeAssembly([{
    name: STACK, roles: true, tags: { Service: 'listbackup-core', Stage: 'test' },
    template: { Resources: { JobsFunction: { Type: 'AWS::Lambda::Function', Properties: { Code: { S3Bucket: BUCKET, S3Key: 'code1234.zip' } } } } },
  }]);
  mkdirSync(path.join(dir, 'asset.code1234'));
  writeFileSync(path.join(dir, 'asset.code1234', 'index.js'), 'exports.handler = async () => ({ statusCode: 200 });\n');
  const manifest = path.join(dir, `${STACK}.assets.json`);
  const assets = JSON.parse(readFileSync(manifest, 'utf-8'));
  assets.files.code1234 = {
    source: { path: 'asset.code1234', packaging: 'zip' },
    destinations: { 'current_account-current_region': {
      bucketName: 'cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}', objectKey: 'code1234.zip',
      assumeRoleArn: 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/cdk-hnb659fds-file-publishing-role-${AWS::AccountId}-${AWS::Region}',
    } },
  };
  writeFileSync(manifest, JSON.stringify(assets));
  return dir;
}

let fake: FakeCloudFormation;
let sts: FakeSts;
let s3: FakeS3;
beforeEach(() => {
  fake = new FakeCloudFormation();
  sts = new FakeSts().addRole(bootstrapRole('deploy'));
  s3 = new FakeS3();
});
const puts = () => s3.calls.filter((c) => c.command === 'PutObject');

test('a directory asset is zipped and uploaded through the file-publishing role, before its stack; once there, it is not uploaded again', async () => {
  sts.addRole(bootstrapRole('file-publishing'));
  s3.addBucket(BUCKET);
  const assembly = functionAssembly();
  const run = await runAgainstFake(fake, ['deploy', '--assembly', assembly], { sts, s3 });

  expect(run.err).toBe('');
  expect(run.code).toBe(0);
  expect(run.out).toContain(`asset code1234: Upload s3://${BUCKET}/code1234.zip`);
  const zip = Buffer.from(s3.object(BUCKET, 'code1234.zip')!);
  expect(zip.subarray(0, 2).toString()).toBe('PK');
  expect(zip.includes(Buffer.from('index.js'))).toBe(true);
  expect(puts().map((c) => sts.roleOf(c.accessKeyId))).toEqual([bootstrapRole('file-publishing')]);
  expect(fake.stack(STACK)?.status).toBe('CREATE_COMPLETE');

  fake.stack(STACK)!.templateBody = 'Resources: {}'; // make the stack look changed, so the deploy goes on to publishing
  const again = await runAgainstFake(fake, ['deploy', '--assembly', assembly], { sts, s3 });
  expect(again.code).toBe(0);
  expect(again.out).toContain(`asset code1234: Found s3://${BUCKET}/code1234.zip`);
  expect(puts()).toHaveLength(1);
});

test('a publishing role that cannot be assumed is refused before any upload or stack change', async () => {
  s3.addBucket(BUCKET);
  const run = await runAgainstFake(fake, ['deploy', '--assembly', functionAssembly()], { sts, s3 });
  expect(run.code).toBe(1);
  expect(run.err).toContain(`[RoleNotAssumable]: ${STACK}: cannot assume the publishing role ${bootstrapRole('file-publishing')} with the credentials of arn:aws:iam::123456789012:user/deployer`);
  expect(puts()).toEqual([]);
  expect(fake.calls.filter((c) => MUTATING_COMMANDS.has(c.command))).toEqual([]);
});

test('a missing staging bucket (an account not bootstrapped) fails the asset, and its stack is not started', async () => {
  sts.addRole(bootstrapRole('file-publishing'));
  const run = await runAgainstFake(fake, ['deploy', '--assembly', functionAssembly()], { sts, s3 });
  expect(run.code).toBe(1);
  expect(run.err).toContain(`No bucket named '${BUCKET}'. Is account 123456789012 bootstrapped?`);
  expect(run.err).toContain(`not started: ${STACK}`);
  expect(fake.mutations()).toEqual([]);
});

test('a template over 51,200 bytes is published through the file-publishing role and passed as TemplateURL', async () => {
  sts.addRole(bootstrapRole('file-publishing'));
  s3.addBucket(BUCKET);
  const big = writeAssembly([{
    name: STACK, roles: true, tags: { Service: 'listbackup-core', Stage: 'test' },
    template: { Metadata: { Padding: 'x'.repeat(60_000) }, Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: {} } } },
  }]);
  fake.templateBucket = s3;
  const run = await runAgainstFake(fake, ['deploy', '--assembly', big], { sts, s3 });
  expect(run.err).toBe('');
  expect(run.code).toBe(0);
  expect(s3.keys(BUCKET)).toEqual([`${STACK}.json`]);
  expect(puts().map((c) => sts.roleOf(c.accessKeyId))).toEqual([bootstrapRole('file-publishing')]);
  const create = fake.calls.find((c) => c.command === 'CreateChangeSet')!.input;
  expect(create.TemplateURL).toBe(`https://s3.us-east-1.amazonaws.com/${BUCKET}/${STACK}.json`);
  expect(create.TemplateBody).toBeUndefined();
});
