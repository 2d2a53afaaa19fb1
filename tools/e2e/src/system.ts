import { ApiGatewayV2Client, GetApisCommand, GetAuthorizerCommand, GetRoutesCommand, GetStagesCommand } from '@aws-sdk/client-apigatewayv2';
import { CloudFormationClient, paginateListExports } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient, paginateDescribeLogGroups } from '@aws-sdk/client-cloudwatch-logs';
import { CognitoIdentityClient, GetIdentityPoolRolesCommand, GetPrincipalTagAttributeMapCommand } from '@aws-sdk/client-cognito-identity';
import { CognitoIdentityProviderClient, DescribeUserPoolClientCommand, DescribeUserPoolCommand, DescribeUserPoolDomainCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DescribeTableCommand, DynamoDBClient, paginateListTables } from '@aws-sdk/client-dynamodb';
import { DescribeEventBusCommand, EventBridgeClient, ListRulesCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { GetPolicyCommand, GetPolicyVersionCommand, GetRoleCommand, GetRolePolicyCommand, IAMClient, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import { GetFunctionConfigurationCommand, LambdaClient, paginateListFunctions } from '@aws-sdk/client-lambda';
import {
  GetBucketLoggingCommand, GetBucketPolicyCommand, GetBucketVersioningCommand, GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand, S3Client,
} from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, paginateListQueues, SQSClient } from '@aws-sdk/client-sqs';
import { COGNITO_CONTRACT } from '@listbackup/cognito';
import { CORE_SERVICE_CONTRACT } from '@listbackup/core-service';
import { EVENTBRIDGE_CONTRACT } from '@listbackup/eventbridge';
import { dataEventsTrailName, S3_CONTRACT } from '@listbackup/s3';
import { awsJson } from './aws-json';

/** Where the deployed system is, and who reads it. */
export interface SystemAccess {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { accessKeyId: string; secretAccessKey: string };
}

/** A policy document as IAM returns it (URL-encoded JSON) or as a resource holds it (JSON). */
export type PolicyDocument = { Statement: Array<Record<string, unknown>> };

/**
 * A deployed stage as each service's own API describes it: what CloudFormation said it created is
 * read back resource by resource (moto reports CREATE_COMPLETE for resources it skipped).
 */
export interface DeployedSystem {
  readonly exports: Map<string, string>;
  readonly tables: Array<{ name: string; deletionProtection: boolean; sse?: string; kmsKey?: string }>;
  readonly buckets: Record<'data' | 'audit', { name: string; versioning?: string; publicAccessBlocked: boolean; policy?: PolicyDocument; logsTo?: string; objectLock?: string }>;
  readonly queues: Array<{ name: string; fifo: boolean; policy?: PolicyDocument; kmsKey?: string; deadLetterTarget?: string }>;
  readonly bus: { name: string; policy?: PolicyDocument; rules: Array<{ name: string; targets: string[] }> };
  readonly userPool: { id: string; customAttributes: string[]; deletionProtection?: string; clientAuthFlows: string[]; clientReadAttributes: string[]; domain?: string };
  readonly identityPool: { id: string; authenticatedRole?: string; principalTags: Record<string, string> };
  /** Every statement of the signed-in users' role (inline and managed policies). */
  readonly authenticatedRoleStatements: Array<Record<string, unknown>>;
  readonly api: { name: string; routes: Array<{ routeKey: string; authorizationType?: string }>; jwt?: { issuer?: string; audience?: string[] }; stages: string[] };
  readonly trail: { name: string; bucket?: string; logging?: boolean; kmsKey?: string; dataResources: string[] };
  readonly logGroups: Array<{ name: string; kmsKey?: string }>;
  readonly functions: Array<{ name: string; runtime?: string; deadLetterTarget?: string; role?: string }>;
}

function parsePolicy(text: string | undefined): PolicyDocument | undefined {
  if (!text) return undefined;
  return JSON.parse(text.startsWith('%7B') || text.startsWith('%7b') ? decodeURIComponent(text) : text) as PolicyDocument;
}

/** Reads stage `stage` back through CloudFormation, DynamoDB, S3, SQS, EventBridge, Cognito, IAM, API Gateway, CloudTrail, Logs and Lambda. */
export async function readSystem(access: SystemAccess, stage: string): Promise<DeployedSystem> {
  const config = { endpoint: access.endpoint, region: access.region, credentials: access.credentials };
  const cfn = new CloudFormationClient(config);
  const dynamodb = new DynamoDBClient(config);
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  const sqs = new SQSClient(config);
  const events = new EventBridgeClient(config);
  const idp = new CognitoIdentityProviderClient(config);
  const identity = new CognitoIdentityClient(config);
  const iam = new IAMClient(config);
  const apis = new ApiGatewayV2Client(config);
  const logs = new CloudWatchLogsClient(config);
  const lambda = new LambdaClient(config);
  try {
    const exports = new Map<string, string>();
    for await (const page of paginateListExports({ client: cfn }, {})) for (const e of page.Exports ?? []) exports.set(e.Name!, e.Value!);
    const exported = (name: string): string => {
      const value = exports.get(name);
      if (value === undefined) throw new Error(`export ${name} is missing: is stage '${stage}' deployed whole? (npx projen deploy:local)`);
      return value;
    };

    // The tables CloudFormation named: those the DynamoDB stack exports (`<Table>TableName`).
    const tableExports = `listbackup-infrastructure-dynamodb-${stage}-`;
    const tableNames = new Set([...exports].filter(([name]) => name.startsWith(tableExports) && name.endsWith('TableName')).map(([, value]) => value));
    const tables: DeployedSystem['tables'] = [];
    for await (const page of paginateListTables({ client: dynamodb }, {})) {
      for (const name of page.TableNames ?? []) {
        if (!tableNames.has(name)) continue;
        const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: name }));
        tables.push({ name, deletionProtection: Table?.DeletionProtectionEnabled === true, sse: Table?.SSEDescription?.SSEType, kmsKey: Table?.SSEDescription?.KMSMasterKeyArn });
      }
    }

    const bucket = async (name: string) => {
      const versioning = (await s3.send(new GetBucketVersioningCommand({ Bucket: name }))).Status;
      const block = (await s3.send(new GetPublicAccessBlockCommand({ Bucket: name }))).PublicAccessBlockConfiguration;
      const policy = parsePolicy((await s3.send(new GetBucketPolicyCommand({ Bucket: name }))).Policy);
      const logsTo = (await s3.send(new GetBucketLoggingCommand({ Bucket: name }))).LoggingEnabled?.TargetBucket;
      const objectLock = await s3.send(new GetObjectLockConfigurationCommand({ Bucket: name }))
        .then((r) => r.ObjectLockConfiguration?.ObjectLockEnabled, () => undefined);
      const publicAccessBlocked = !!block && [block.BlockPublicAcls, block.BlockPublicPolicy, block.IgnorePublicAcls, block.RestrictPublicBuckets].every(Boolean);
      return { name, versioning, publicAccessBlocked, policy, logsTo, objectLock };
    };
    const trailName = dataEventsTrailName(stage);
    const { trailList } = await awsJson<{ trailList: Array<{ Name?: string; S3BucketName?: string; KmsKeyId?: string }> }>(access.endpoint, 'cloudtrail',
      'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.DescribeTrails', { trailNameList: [trailName] }, access.region);
    const trailRecord = trailList[0] ?? {};
    const status = trailRecord.Name
      ? await awsJson<{ IsLogging?: boolean }>(access.endpoint, 'cloudtrail', 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.GetTrailStatus', { Name: trailName }, access.region)
      : {};
    const selectors = trailRecord.Name
      ? await awsJson<{ EventSelectors?: Array<{ DataResources?: Array<{ Values?: string[] }> }> }>(access.endpoint, 'cloudtrail',
        'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.GetEventSelectors', { TrailName: trailName }, access.region)
      : {};
    const buckets = {
      data: await bucket(exported(S3_CONTRACT.exportName(stage, 'DataBucketName'))),
      audit: await bucket(String(trailRecord.S3BucketName)),
    };

    const queues: DeployedSystem['queues'] = [];
    for await (const page of paginateListQueues({ client: sqs }, { QueueNamePrefix: `listbackup-${stage}-` })) {
      for (const url of page.QueueUrls ?? []) {
        const { Attributes: a = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
        queues.push({
          name: url.split('/').pop()!, fifo: a.FifoQueue === 'true', policy: parsePolicy(a.Policy), kmsKey: a.KmsMasterKeyId,
          deadLetterTarget: a.RedrivePolicy ? (JSON.parse(a.RedrivePolicy) as { deadLetterTargetArn: string }).deadLetterTargetArn : undefined,
        });
      }
    }

    const busName = exported(EVENTBRIDGE_CONTRACT.exportName(stage, 'EventBusName'));
    const described = await events.send(new DescribeEventBusCommand({ Name: busName }));
    const rules: DeployedSystem['bus']['rules'] = [];
    for (const rule of (await events.send(new ListRulesCommand({ EventBusName: busName }))).Rules ?? []) {
      const targets = (await events.send(new ListTargetsByRuleCommand({ Rule: rule.Name, EventBusName: busName }))).Targets ?? [];
      rules.push({ name: rule.Name!, targets: targets.map((t) => t.Arn!) });
    }

    const userPoolId = exported(COGNITO_CONTRACT.exportName(stage, 'CognitoUserPoolId'));
    const clientId = exported(COGNITO_CONTRACT.exportName(stage, 'CognitoUserPoolClientId'));
    const { UserPool } = await idp.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }));
    const { UserPoolClient } = await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId }));
    const domainName = exported(COGNITO_CONTRACT.exportName(stage, 'CognitoUserPoolDomain'));
    const { DomainDescription } = await idp.send(new DescribeUserPoolDomainCommand({ Domain: domainName }));

    const identityPoolId = exported(COGNITO_CONTRACT.exportName(stage, 'CognitoIdentityPoolId'));
    const roles = await identity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: identityPoolId }));
    const tags = await identity.send(new GetPrincipalTagAttributeMapCommand({
      IdentityPoolId: identityPoolId, IdentityProviderName: `cognito-idp.${access.region}.amazonaws.com/${userPoolId}`,
    }));
    const authenticatedRole = roles.Roles?.authenticated;
    const authenticatedRoleStatements: Array<Record<string, unknown>> = [];
    if (authenticatedRole) {
      const roleName = authenticatedRole.split('/').pop()!;
      await iam.send(new GetRoleCommand({ RoleName: roleName }));
      for (const policyName of (await iam.send(new ListRolePoliciesCommand({ RoleName: roleName }))).PolicyNames ?? []) {
        const doc = (await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }))).PolicyDocument;
        authenticatedRoleStatements.push(...(parsePolicy(doc)?.Statement ?? []));
      }
      for (const attached of (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName }))).AttachedPolicies ?? []) {
        const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn: attached.PolicyArn }));
        const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: attached.PolicyArn, VersionId: Policy!.DefaultVersionId }));
        authenticatedRoleStatements.push(...(parsePolicy(version.PolicyVersion?.Document)?.Statement ?? []));
      }
    }

    const apiId = exported(CORE_SERVICE_CONTRACT.exportName(stage, 'HttpApiId'));
    const api = ((await apis.send(new GetApisCommand({}))).Items ?? []).find((a) => a.ApiId === apiId);
    if (!api) throw new Error(`API ${apiId} (export of the core service) does not exist`);
    const routes = (await apis.send(new GetRoutesCommand({ ApiId: apiId }))).Items ?? [];
    const authorizerId = routes.find((r) => r.AuthorizerId)?.AuthorizerId;
    const authorizer = authorizerId ? await apis.send(new GetAuthorizerCommand({ ApiId: apiId, AuthorizerId: authorizerId })) : undefined;
    const stages = ((await apis.send(new GetStagesCommand({ ApiId: apiId }))).Items ?? []).map((s) => s.StageName!);

    const logGroups: DeployedSystem['logGroups'] = [];
    for await (const page of paginateDescribeLogGroups({ client: logs }, {})) {
      for (const g of page.logGroups ?? []) logGroups.push({ name: g.logGroupName!, kmsKey: g.kmsKeyId });
    }

    const functions: DeployedSystem['functions'] = [];
    for await (const page of paginateListFunctions({ client: lambda }, {})) {
      for (const f of page.Functions ?? []) {
        const c = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: f.FunctionName }));
        functions.push({ name: f.FunctionName!, runtime: c.Runtime, deadLetterTarget: c.DeadLetterConfig?.TargetArn, role: c.Role });
      }
    }

    return {
      exports,
      tables,
      buckets,
      queues,
      bus: { name: busName, policy: parsePolicy(described.Policy), rules },
      userPool: {
        id: userPoolId,
        customAttributes: (UserPool?.SchemaAttributes ?? []).map((a) => a.Name!).filter((n) => n.startsWith('custom:')),
        deletionProtection: UserPool?.DeletionProtection,
        clientAuthFlows: UserPoolClient?.ExplicitAuthFlows ?? [],
        clientReadAttributes: UserPoolClient?.ReadAttributes ?? [],
        domain: DomainDescription?.Domain,
      },
      identityPool: { id: identityPoolId, authenticatedRole, principalTags: tags.PrincipalTags ?? {} },
      authenticatedRoleStatements,
      api: {
        name: api.Name!,
        routes: routes.map((r) => ({ routeKey: r.RouteKey!, authorizationType: r.AuthorizationType })),
        jwt: authorizer?.JwtConfiguration ? { issuer: authorizer.JwtConfiguration.Issuer, audience: authorizer.JwtConfiguration.Audience } : undefined,
        stages,
      },
      trail: {
        name: String(trailRecord.Name ?? ''), bucket: trailRecord.S3BucketName, logging: status.IsLogging, kmsKey: trailRecord.KmsKeyId,
        dataResources: (selectors.EventSelectors ?? []).flatMap((s) => (s.DataResources ?? []).flatMap((d) => d.Values ?? [])),
      },
      logGroups,
      functions,
    };
  } finally {
    for (const client of [cfn, dynamodb, s3, sqs, events, idp, identity, iam, apis, logs, lambda]) client.destroy();
  }
}
