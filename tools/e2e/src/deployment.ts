import { CloudFormationClient, paginateListExports } from '@aws-sdk/client-cloudformation';
import { COGNITO_CONTRACT } from '@listbackup/cognito';
import { CORE_SERVICE_CONTRACT } from '@listbackup/core-service';
import { DYNAMODB_CONTRACT } from '@listbackup/dynamodb';
import { EVENTBRIDGE_CONTRACT } from '@listbackup/eventbridge';
import { S3_CONTRACT } from '@listbackup/s3';
import { SQS_CONTRACT } from '@listbackup/sqs';
import { JourneyError } from './errors';

/** What the journey needs of a deployed stage, read from the exports its six stacks wrote. */
export interface Deployment {
  readonly stage: string;
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  readonly identityPoolId: string;
  readonly dataBucket: string;
  readonly dataBucketKeyArn: string;
  readonly jobsTable: string;
  readonly activityTable: string;
  readonly eventBusName: string;
  readonly jobEventsRuleArn: string;
  /** Where sync jobs are queued: the worker consumes it. */
  readonly syncQueueUrl: string;
  readonly syncQueueArn: string;
  readonly httpApiId: string;
}

/**
 * Reads the stage's exports (`ListExports`): every value comes from the contract of the stack that
 * exports it, so a missing stack or a renamed export fails here, naming the export.
 */
export async function readDeployment(cfn: CloudFormationClient, stage: string): Promise<Deployment> {
  const exported = new Map<string, string>();
  for await (const page of paginateListExports({ client: cfn }, {})) {
    for (const e of page.Exports ?? []) exported.set(e.Name!, e.Value!);
  }
  const missing: string[] = [];
  const value = (name: string): string => {
    const found = exported.get(name);
    if (found === undefined) missing.push(name);
    return found ?? '';
  };
  const deployment: Deployment = {
    stage,
    userPoolId: value(COGNITO_CONTRACT.exportName(stage, 'CognitoUserPoolId')),
    userPoolClientId: value(COGNITO_CONTRACT.exportName(stage, 'CognitoUserPoolClientId')),
    identityPoolId: value(COGNITO_CONTRACT.exportName(stage, 'CognitoIdentityPoolId')),
    dataBucket: value(S3_CONTRACT.exportName(stage, 'DataBucketName')),
    dataBucketKeyArn: value(S3_CONTRACT.exportName(stage, 'DataBucketKeyArn')),
    jobsTable: value(DYNAMODB_CONTRACT.exportName(stage, 'JobsTableName')),
    activityTable: value(DYNAMODB_CONTRACT.exportName(stage, 'ActivityTableName')),
    eventBusName: value(EVENTBRIDGE_CONTRACT.exportName(stage, 'EventBusName')),
    jobEventsRuleArn: value(EVENTBRIDGE_CONTRACT.exportName(stage, 'JobEventsRuleArn')),
    syncQueueUrl: value(SQS_CONTRACT.exportName(stage, 'SyncQueueUrl')),
    syncQueueArn: value(SQS_CONTRACT.exportName(stage, 'SyncQueueArn')),
    httpApiId: value(CORE_SERVICE_CONTRACT.exportName(stage, 'HttpApiId')),
  };
  if (missing.length) {
    throw new JourneyError({ principal: 'operator', call: 'cloudformation:ListExports' },
      `stage '${stage}' is not deployed whole: missing export${missing.length > 1 ? 's' : ''} ${missing.join(', ')}. ` +
      `Deploy it first: STAGE=${stage} npx projen deploy:local`);
  }
  return deployment;
}

