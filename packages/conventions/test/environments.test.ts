import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CfnResource, Stack } from 'aws-cdk-lib/core';
// ListBackupApp writes to cdk.out unless told otherwise: keep this library's folder clean.
process.env.CDK_OUTDIR = require('node:fs').mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'conventions-env-'));

import {
  ENVIRONMENT_METADATA_TYPE, ENVIRONMENTS, ListBackupApp, resolveEnvironment, StageEnvironment, stackEnvironmentOf, validateEnvironments,
} from '../src';

const CATALOG: Record<string, StageEnvironment> = {
  dev: { accounts: ['111122223333'], regions: ['eu-west-1'], bootstrapQualifier: 'lbdev' },
  prod: { accounts: ['777788889999'], regions: ['us-east-1'], protected: true },
  fleet: {
    accounts: ['111111111111', '222222222222'], regions: ['us-east-1', 'eu-west-1'],
    stackSets: { maxConcurrent: { percentage: 50 }, failureTolerance: { count: 1 } },
  },
};

function synthManifest(stage: string, catalog = CATALOG) {
  const app = new ListBackupApp({ context: { stage }, environments: catalog });
  const stack = new Stack(app, `listbackup-infrastructure-sqs-${stage}`, app.stackProps);
  new CfnResource(stack, 'Queue', { type: 'AWS::SQS::Queue' });
  const assembly = app.synth();
  const manifest = JSON.parse(readFileSync(path.join(assembly.directory, 'manifest.json'), 'utf-8'));
  const artifact = manifest.artifacts[stack.artifactId];
  // The CDK writes a stack's metadata inline or, in newer versions, to a file beside the manifest.
  const metadata: Record<string, { type: string; data: unknown }[]> = artifact.additionalMetadataFile
    ? JSON.parse(readFileSync(path.join(assembly.directory, artifact.additionalMetadataFile), 'utf-8')) : artifact.metadata ?? {};
  return { app, artifact, metadata, template: JSON.parse(readFileSync(path.join(assembly.directory, stack.templateFile), 'utf-8')) };
}

const environmentIn = (metadata: Record<string, { type: string; data: unknown }[]>) =>
  Object.values(metadata).flat().find((m) => m.type === ENVIRONMENT_METADATA_TYPE)?.data as Record<string, unknown> | undefined;

describe('environments', () => {
  test('the project catalog is valid', () => {
    expect(() => validateEnvironments(ENVIRONMENTS)).not.toThrow();
    expect(resolveEnvironment('prod')?.protected).toBe(true);
  });

  test('one account and one region deploy as plain stacks bound to them', () => {
    const env = resolveEnvironment('dev', CATALOG)!;
    expect(env.deployment).toBe('stack');
    expect(stackEnvironmentOf(env)).toEqual({ account: '111122223333', region: 'eu-west-1' });
  });

  test('several accounts or regions go through StackSets, with the stage\'s operation settings', () => {
    const env = resolveEnvironment('fleet', CATALOG)!;
    expect(env.deployment).toBe('stack-set');
    expect(stackEnvironmentOf(env)).toBeUndefined();
    expect(env.stackSets).toEqual({
      permissionModel: 'SELF_MANAGED', executionRoleName: 'AWSCloudFormationStackSetExecutionRole',
      maxConcurrent: { percentage: 50 }, failureTolerance: { count: 1 }, regionConcurrency: 'SEQUENTIAL', concurrencyMode: 'STRICT_FAILURE_TOLERANCE',
    });
  });

  test('a stage the catalog does not list has no environment', () => {
    expect(resolveEnvironment('pr-42', CATALOG)).toBeUndefined();
  });

  test('every problem of a catalog is reported at once, each naming the stage and the field', () => {
    const bad = {
      dev: { accounts: ['1234'], regions: ['Europe'], bootstrapQualifier: 'Has-Dash' },
      ops: { regions: [] as string[], stackSets: { maxConcurrent: { count: 0 }, failureTolerance: { percentage: 120 } } },
      org: { accounts: ['111122223333'], organizationalUnits: ['ou-ab12-cdef3456'], regions: ['us-east-1'] },
    };
    let message = '';
    try {
      validateEnvironments(bad);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/environment 'dev' accounts: '1234' is not a 12-digit AWS account id/);
    expect(message).toMatch(/environment 'dev' regions: 'Europe' is not an AWS region name/);
    expect(message).toMatch(/environment 'dev' bootstrapQualifier: 'Has-Dash' is invalid: use 1–10 lower-case letters or digits/);
    expect(message).toMatch(/environment 'ops' accounts: name at least one account/);
    expect(message).toMatch(/environment 'ops' regions: name at least one region/);
    expect(message).toMatch(/environment 'ops' stackSets.maxConcurrent: count 0 is out of range/);
    expect(message).toMatch(/environment 'ops' stackSets.failureTolerance: percentage 120 is out of range: use a whole number from 0 to 100/);
    expect(message).toMatch(/environment 'org' accounts: name accounts or organizational units, not both/);
    expect(message).toMatch(/fix them in the environments catalog/);
  });

  test('a bad catalog stops the app before any stack is made', () => {
    expect(() => new ListBackupApp({ context: { stage: 'main' }, environments: { dev: { accounts: ['x'], regions: ['us-east-1'] } } }))
      .toThrow(/environment 'dev' accounts: 'x' is not a 12-digit AWS account id/);
  });
});

describe('synth', () => {
  test('a single-target stage puts its account and region, qualifier and environment in the manifest', () => {
    const { artifact, metadata, template } = synthManifest('dev');
    expect(artifact.environment).toBe('aws://111122223333/eu-west-1');
    expect(artifact.properties.bootstrapStackVersionSsmParameter).toBe('/cdk-bootstrap/lbdev/version');
    expect(environmentIn(metadata)).toMatchObject({ stage: 'dev', accounts: ['111122223333'], regions: ['eu-west-1'], deployment: 'stack', protected: false });
    expect(JSON.stringify(template)).not.toContain(ENVIRONMENT_METADATA_TYPE);
  });

  test('a protected stage turns on termination protection', () => {
    const { artifact, metadata } = synthManifest('prod');
    expect(artifact.properties.terminationProtection).toBe(true);
    expect(environmentIn(metadata)).toMatchObject({ protected: true });
  });

  test('a StackSet stage synthesizes environment-agnostic templates and records every target', () => {
    const { artifact, metadata } = synthManifest('fleet');
    expect(artifact.environment).toBe('aws://unknown-account/unknown-region');
    expect(environmentIn(metadata)).toMatchObject({ deployment: 'stack-set', accounts: ['111111111111', '222222222222'], regions: ['us-east-1', 'eu-west-1'] });
  });

  test('a stage without an entry stays bound to no account, with no environment metadata', () => {
    const { artifact, metadata } = synthManifest('main');
    expect(artifact.environment).toBe('aws://unknown-account/unknown-region');
    expect(environmentIn(metadata)).toBeUndefined();
    expect(artifact.properties.terminationProtection).not.toBe(true);
  });
});
