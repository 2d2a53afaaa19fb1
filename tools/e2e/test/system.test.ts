import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CORE_SERVICE, INFRASTRUCTURE_KINDS, parseExportName, serviceName } from '@listbackup/conventions/names';
import { readStacks, stackDependencies } from '@listbackup/deploy';
import { dataEventsTrailName } from '@listbackup/s3';
import { findRepositoryRoot, stackAssemblies } from '@listbackup/repository';
import { DeployedSystem } from '../src';
import { deployLocal, SharedDeployment, sharedDeployment, STAGE } from './support/deployment';

/*
 * The whole product on the local emulator: the six synthesized stacks of this repository
 * (`nx run-many -t synth` runs before this test) deployed through the deploy tool's `local` command,
 * the way `npx projen deploy:local` does, then every resource read back through its service's API.
 * The emulator, that first deploy and the read-back are the run's global setup
 * (test/support/deployment.ts), so what is read is what the deploy created, before the journey runs.
 */
const root = findRepositoryRoot(__dirname);
const ASSEMBLIES = stackAssemblies(root);
let deployment: SharedDeployment;
let system: DeployedSystem;

const credentials = () => ({ accessKeyId: deployment.env.AWS_ACCESS_KEY_ID, secretAccessKey: deployment.env.AWS_SECRET_ACCESS_KEY });

beforeAll(() => {
  deployment = sharedDeployment();
  system = deployment.system;
});

const statementsWith = (statements: Array<Record<string, unknown>>, text: string) => statements.filter((s) => JSON.stringify(s).includes(text));

describe('deploy:local', () => {
  test('deploys all six stacks through change sets, each after the stacks it imports from', () => {
    const stacks = readStacks(ASSEMBLIES);
    expect(stacks).toHaveLength(6);
    const executed = deployment.first.mutations.filter((m) => m.startsWith('ExecuteChangeSet')).map((m) => m.split(' ')[1]);
    expect([...executed].sort()).toEqual(stacks.map((s) => s.stackName).sort());
    expect(deployment.first.mutations.filter((m) => /^(CreateStack|UpdateStack)/.test(m))).toEqual([]);
    const deps = stackDependencies(stacks);
    expect([...deps.get('listbackup-infrastructure-cognito-main')!]).toEqual(['listbackup-infrastructure-s3-main']);
    for (const stack of stacks) {
      for (const dependency of deps.get(stack.stackName) ?? []) {
        expect(executed.indexOf(dependency)).toBeLessThan(executed.indexOf(stack.stackName));
      }
    }
    expect(deployment.first.out).toContain(`6 stacks on the local emulator at ${deployment.endpoint}`);
  });

  test('the stacks holding tables, buckets and the user pool have termination protection on', async () => {
    const cfn = new CloudFormationClient({ endpoint: deployment.endpoint, region: deployment.env.AWS_REGION, credentials: credentials() });
    try {
      const { Stacks = [] } = await cfn.send(new DescribeStacksCommand({}));
      const protectedStacks = Stacks.filter((s) => s.EnableTerminationProtection).map((s) => s.StackName).sort();
      expect(protectedStacks).toEqual(['listbackup-infrastructure-cognito-main', 'listbackup-infrastructure-dynamodb-main', 'listbackup-infrastructure-s3-main']);
    } finally {
      cfn.destroy();
    }
  });

  test('every export the six templates declare is in ListExports, under the seed\'s naming', () => {
    const declared = readStacks(ASSEMBLIES).flatMap((s) => Object.values<{ Export?: { Name: string } }>((s.template.Outputs ?? {}) as any)
      .map((o) => o.Export?.Name).filter((n): n is string => !!n));
    expect(declared.length).toBeGreaterThanOrEqual(17 * 2 + 6 * 4);
    const services = [...INFRASTRUCTURE_KINDS.map(serviceName), CORE_SERVICE];
    const offConvention = declared.filter((name) => {
      const parsed = parseExportName(name);
      return !parsed || !services.includes(parsed.service) || parsed.stage !== STAGE;
    });
    expect(offConvention).toEqual([]);
    expect(declared.filter((name) => !system.exports.has(name))).toEqual([]);
  });

  test('a second run of the unchanged assemblies makes no mutating call', async () => {
    const again = await deployLocal(deployment.endpoint);
    expect(again.code).toBe(0);
    expect(again.mutations).toEqual([]);
    for (const stack of readStacks(ASSEMBLIES)) expect(again.out).toContain(`${stack.stackName}: no changes`);
  }, 120_000);
});

describe('what was created, read back through each service', () => {
  test('DynamoDB: 17 tables, deletion-protected, encrypted with the tables\' customer key', () => {
    expect(system.tables).toHaveLength(17);
    const tablesKey = system.exports.get('listbackup-infrastructure-dynamodb-main-TablesKeyArn');
    for (const table of system.tables) {
      expect(table).toMatchObject({ deletionProtection: true, sse: 'KMS' });
      expect(table.kmsKey).toBe(tablesKey);
    }
  });

  test('S3: the data and audit buckets versioned, private, logged, TLS-only; the audit bucket under Object Lock', () => {
    for (const bucket of Object.values(system.buckets)) {
      expect(bucket.versioning).toBe('Enabled');
      expect(bucket.publicAccessBlocked).toBe(true);
      expect(bucket.logsTo).toMatch(/accesslogsbucket/);
      expect(statementsWith(bucket.policy!.Statement, 'aws:SecureTransport')).not.toHaveLength(0);
    }
    expect(system.buckets.audit.objectLock).toBe('Enabled');
    expect(system.buckets.data.objectLock).toBeUndefined();
  });

  test('SQS: 6 FIFO queues and 6 FIFO dead-letter queues, each with its policy and a redrive to its own DLQ', () => {
    const product = system.queues.filter((q) => q.name.endsWith('-queue.fifo'));
    const dlqs = system.queues.filter((q) => q.name.endsWith('-queue-dlq.fifo'));
    expect(product).toHaveLength(6);
    expect(dlqs).toHaveLength(6);
    for (const q of [...product, ...dlqs]) {
      expect(q.fifo).toBe(true);
      expect(statementsWith(q.policy!.Statement, 'aws:SecureTransport')).not.toHaveLength(0);
    }
    for (const q of product) expect(q.deadLetterTarget?.split(':').pop()).toBe(q.name.replace('-queue.fifo', '-queue-dlq.fifo'));
  });

  test('EventBridge: the bus with its account-only policy and six product rules, each with its targets', () => {
    expect(system.bus.name).toBe('listbackup-main');
    expect(statementsWith(system.bus.policy!.Statement, 'events:PutEvents')).toHaveLength(1);
    const rules = system.bus.rules.filter((r) => r.name.startsWith('listbackup-main-'));
    expect(rules.length).toBeGreaterThanOrEqual(6);
    for (const rule of rules) expect(rule.targets.length).toBeGreaterThan(0);
  });

  test('Cognito: the user pool with the account attribute, the SRP web client that reads it, the domain', () => {
    expect(system.userPool.customAttributes).toEqual(expect.arrayContaining(['custom:accountId']));
    expect(system.userPool.deletionProtection).toBe('ACTIVE');
    expect(system.userPool.clientAuthFlows).toEqual(expect.arrayContaining(['ALLOW_USER_SRP_AUTH']));
    expect(system.userPool.clientReadAttributes).toEqual(expect.arrayContaining(['custom:accountId']));
    expect(system.userPool.domain).toBe('listbackup-main');
  });

  test('the tenancy seam: the account claim becomes a principal tag, and the users\' role reaches only accounts/<tag>/', () => {
    expect(system.identityPool.principalTags).toEqual({ accountId: 'custom:accountId' });
    expect(system.identityPool.authenticatedRole).toMatch(/AuthenticatedRole/);
    const s3Statements = system.authenticatedRoleStatements.filter((s) => JSON.stringify(s.Action).includes('s3:'));
    expect(s3Statements.length).toBeGreaterThan(0);
    for (const statement of s3Statements) expect(JSON.stringify(statement)).toContain('accounts/${aws:PrincipalTag/accountId}/');
    expect(statementsWith(s3Statements, 's3:GetObject')).not.toHaveLength(0);
  });

  test('the key seam: the users\' role may use the data bucket\'s key, imported from the S3 stack', () => {
    const bucketKey = system.exports.get('listbackup-infrastructure-s3-main-DataBucketKeyArn')!;
    expect(bucketKey).toMatch(/^arn:aws:kms:/);
    const kms = statementsWith(system.authenticatedRoleStatements, bucketKey);
    expect(kms.flatMap((s) => [s.Action].flat())).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey']));
  });

  test('API Gateway: the jobs API, both routes behind the JWT authorizer of this stage\'s user pool and client', () => {
    expect(system.api.name).toBe('listbackup-core-main');
    expect(system.api.routes.map((r) => r.routeKey).sort()).toEqual(['GET /jobs/{jobId}', 'POST /jobs']);
    for (const route of system.api.routes) expect(route.authorizationType).toBe('JWT');
    expect(system.api.jwt?.issuer).toBe(`https://cognito-idp.us-east-1.amazonaws.com/${system.userPool.id}`);
    expect(system.api.jwt?.audience).toEqual([system.exports.get('listbackup-infrastructure-cognito-main-CognitoUserPoolClientId')]);
    expect(system.api.stages).toEqual(['$default']);
  });

  test('CloudTrail: the data-events trail logs the data bucket\'s objects into the audit bucket, encrypted', () => {
    expect(system.trail).toMatchObject({ name: dataEventsTrailName(STAGE), bucket: system.buckets.audit.name, logging: true });
    expect(system.trail.kmsKey).toMatch(/^arn:aws:kms:/);
    expect(system.trail.dataResources).toEqual([`arn:aws:s3:::${system.buckets.data.name}/`]);
  });

  test('Logs: every log group of the six stacks is encrypted with a customer key', () => {
    expect(system.logGroups.length).toBeGreaterThanOrEqual(11);
    expect(system.logGroups.filter((g) => !g.kmsKey?.startsWith('arn:aws:kms:')).map((g) => g.name)).toEqual([]);
  });

  test('Lambda: three functions on a current Node.js runtime; the activity function parks failed events in its DLQ', () => {
    const ours = system.functions.filter((f) => f.name.startsWith('listbackup-core-main'));
    expect(ours).toHaveLength(3);
    for (const fn of ours) expect(fn.runtime).toMatch(/^nodejs(22|24)\.x$/);
    const activity = ours.filter((f) => /activity/i.test(f.name));
    expect(activity).toHaveLength(1);
    expect(activity[0].deadLetterTarget).toMatch(/^arn:aws:sqs:/);
  });
});
