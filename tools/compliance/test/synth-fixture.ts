import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib/core';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { applyStandardTags } from '@listbackup/conventions';
import { applyPolicy, synthPolicyResult } from '@listbackup/policy/synth';

/** A throwaway repository: nx.json at the root, CDK apps under packages/. */
export function tempRepo(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'compliance-'));
  fs.writeFileSync(path.join(root, 'nx.json'), '{}');
  return root;
}

/** The line of the caller, as a source-mapped stack trace reports it. */
export function callerLine(): number {
  const frame = (new Error().stack ?? '').split('\n')[2] ?? '';
  return Number(/:(\d+):\d+\)?$/.exec(frame)?.[1]);
}

/** Synthesizes a real app with the policy packs into `<root>/packages/<name>/cdk.out`. */
export function synthProject(root: string, name: string, build: (stack: Stack) => void): void {
  const dir = path.join(root, 'packages', name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'cdk.json'), '{}');
  const app = new App({ outdir: path.join(dir, 'cdk.out') });
  const stack = new Stack(app, `listbackup-${name}-dev`);
  applyStandardTags(stack, `listbackup-${name}`, 'dev');
  build(stack);
  applyPolicy(app);
  synthPolicyResult(app);
}

/** A compliant-by-ListBackup table, except where `props` say otherwise. */
export function table(stack: Stack, id: string, props: Partial<dynamodb.TableProps> = {}): dynamodb.Table {
  return new dynamodb.Table(stack, id, {
    partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    encryption: dynamodb.TableEncryption.AWS_MANAGED,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
    ...props,
  });
}
