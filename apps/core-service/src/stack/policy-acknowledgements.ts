import { Validations } from 'aws-cdk-lib/core';
import { IConstruct } from 'constructs';
import { accountJobsPrefix, ANY_ACCOUNT } from '@listbackup/conventions';
import { S3_CONTRACT } from '@listbackup/s3';
import { ServiceFunction } from './service-function';

export interface CoreServicePolicySubjects {
  readonly stage: string;
  readonly jobs: ServiceFunction;
  readonly jobWorker: ServiceFunction;
  readonly activity: ServiceFunction;
}

const OUTSIDE_VPC_REASON = 'The function reaches only AWS service endpoints (DynamoDB, SQS, S3, EventBridge) over TLS ' +
  'with IAM-signed requests and holds no network-reachable resource; the product has no VPC. Putting it in one would ' +
  'add NAT or four interface endpoints per stage for no resource that the VPC could isolate.';

/**
 * Why the core service departs from a policy rule, each on the narrowest construct: the L1
 * function or the job worker's managed policy.
 */
export function acknowledgeCoreServicePolicy(subjects: CoreServicePolicySubjects): void {
  const functions = [subjects.jobs, subjects.jobWorker, subjects.activity];
  for (const fn of functions) {
    Validations.of(cfn(fn.function)).acknowledge({ id: 'NIST.800.53.R5-LambdaInsideVPC', reason: OUTSIDE_VPC_REASON });
  }

  Validations.of(cfn(subjects.jobs.function)).acknowledge({
    id: 'NIST.800.53.R5-LambdaDLQ',
    reason: 'The HTTP API invokes the function synchronously and returns its error to the client, which retries ' +
      'with the same Idempotency-Key; a Lambda dead-letter queue only ever receives failed asynchronous invocations.',
  });
  Validations.of(cfn(subjects.jobWorker.function)).acknowledge({
    id: 'NIST.800.53.R5-LambdaDLQ',
    reason: 'The function is invoked only by SQS event source mappings: a failed message returns to its queue ' +
      '(partial batch responses) and the queue\'s own redrive policy moves it to that queue\'s FIFO dead-letter ' +
      'queue after maxReceiveCount; a Lambda DLQ is never used for event source mappings.',
  });
  // The activity function has its own dead-letter queue: nothing to acknowledge.

  const dataBucketArn = S3_CONTRACT.exportName(subjects.stage, 'DataBucketArn');
  Validations.of(cfn(subjects.jobWorker.policy)).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${dataBucketArn}/${accountJobsPrefix(ANY_ACCOUNT)}*]`,
    reason: 'Only s3:PutObject, only under accounts/*/jobs/ of the data bucket: each job writes its result to ' +
      'accounts/<accountId>/jobs/<jobId>/, an account id that comes from the message, so no narrower fixed ARN exists; ' +
      'the worker cannot touch an account\'s uploads.',
  });
}

function cfn(construct: IConstruct): IConstruct {
  return construct.node.defaultChild as IConstruct;
}
