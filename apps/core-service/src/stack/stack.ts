import { CfnResource, Duration, Stack, StackProps } from 'aws-cdk-lib/core';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { applyStandardTags, CORE_SERVICE, LogGroupsKey, stackName } from '@listbackup/conventions';
import { CognitoContract } from '@listbackup/cognito';
import { DynamoDbContract } from '@listbackup/dynamodb';
import { EventBridgeContract } from '@listbackup/eventbridge';
import { DataBucketEncryption, S3Contract } from '@listbackup/s3';
import { SqsContract } from '@listbackup/sqs';
import { CORE_SERVICE_CONTRACT } from './contract';
import { JobsHttpApi } from './jobs-http-api';
import { ActivityRecording } from './activity-recording';
import { JOB_QUEUES } from '../functions/jobs/job-types';
import { acknowledgeCoreServicePolicy } from './policy-acknowledgements';
import { ENV } from '../functions/runtime/environment';
import { ServiceFunction } from './service-function';

export interface CoreServiceStackProps extends StackProps {
  /** The stage, e.g. `main`; it selects the infrastructure stacks this one imports from. */
  readonly stage: string;
  /**
   * The encryption the S3 stack of this stage was deployed with.
   * @default DataBucketEncryption.KMS
   */
  readonly dataBucketEncryption?: DataBucketEncryption;
  /**
   * How long the function and access logs are kept.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Extra tags for every resource, besides `Service`, `Stage` and `ManagedBy`.
   * @default - none
   */
  readonly tags?: Record<string, string>;
}

/** The SQS queues the worker consumes; the API's other job types go to their own consumers. */
const WORKER_QUEUES = [JOB_QUEUES.sync, JOB_QUEUES.backup] as const;

/**
 * The ListBackup core service: the jobs HTTP API, the job worker and the activity recorder.
 * It owns code, roles and logs only; every table, bucket, queue, bus and user pool is imported
 * through the contracts of the infrastructure packages.
 */
export class CoreServiceStack extends Stack {
  public readonly jobs: ServiceFunction;
  public readonly jobWorker: ServiceFunction;
  public readonly activity: ServiceFunction;
  public readonly api: JobsHttpApi;

  constructor(scope: Construct, props: CoreServiceStackProps) {
    super(scope, stackName(CORE_SERVICE, props.stage), props);
    const stage = props.stage;
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_YEAR;
    const logGroupPrefix = `/listbackup/${stage}/core/`;

    const tables = DynamoDbContract.import(this, stage);
    const data = S3Contract.import(this, stage, { encryption: props.dataBucketEncryption });
    const queues = SqsContract.import(this, stage);
    const bus = EventBridgeContract.import(this, stage);
    const { userPool, userPoolClient } = CognitoContract.import(this, stage);

    const logKey = new LogGroupsKey(this, 'LogKey', { logGroupNamePrefix: logGroupPrefix });
    const common = { logKey, logRetention };

    this.jobs = new ServiceFunction(this, 'Jobs', {
      ...common,
      handler: 'jobs',
      description: 'POST /jobs and GET /jobs/{jobId}',
      memorySize: 512,
      // The HTTP API waits at most 30 s for an integration.
      timeout: Duration.seconds(10),
      reservedConcurrentExecutions: 20,
      logGroupName: `${logGroupPrefix}jobs`,
      environment: {
        [ENV.JOBS_TABLE]: tables.tableName('JobsTable'),
        [ENV.SYNC_QUEUE_URL]: queues.queue(JOB_QUEUES.sync).queueUrl,
        [ENV.BACKUP_QUEUE_URL]: queues.queue(JOB_QUEUES.backup).queueUrl,
        [ENV.EXPORT_QUEUE_URL]: queues.queue(JOB_QUEUES.export).queueUrl,
        [ENV.ANALYTICS_QUEUE_URL]: queues.queue(JOB_QUEUES.analytics).queueUrl,
        [ENV.MAINTENANCE_QUEUE_URL]: queues.queue(JOB_QUEUES.maintenance).queueUrl,
      },
    });
    tables.grantItems(this.jobs, 'JobsTable', 'GetItem', 'PutItem', 'UpdateItem');
    queues.grantSendMessage(this.jobs, ...Object.values(JOB_QUEUES));

    this.jobWorker = new ServiceFunction(this, 'JobWorker', {
      ...common,
      handler: 'job-worker',
      description: 'Runs sync and backup jobs from their queues',
      memorySize: 1024,
      // Six times this fits in the Sync and Backup queues' 15-minute visibility timeout, as AWS advises.
      timeout: Duration.minutes(2),
      reservedConcurrentExecutions: 10,
      logGroupName: `${logGroupPrefix}job-worker`,
      environment: {
        [ENV.JOBS_TABLE]: tables.tableName('JobsTable'),
        [ENV.JOB_LOGS_TABLE]: tables.tableName('JobLogsTable'),
        [ENV.DATA_BUCKET]: data.dataBucket.bucketName,
        [ENV.EVENT_BUS]: bus.eventBus.eventBusName,
      },
    });
    tables.grantItems(this.jobWorker, 'JobsTable', 'UpdateItem');
    tables.grantItems(this.jobWorker, 'JobLogsTable', 'PutItem');
    // What the event source mappings themselves do on the queues.
    queues.grantEventSourcePolling(this.jobWorker, ...WORKER_QUEUES);
    // Results only: `accounts/<accountId>/jobs/…`, never an account's uploads; the handler never uploads in parts.
    data.grantPutJobResults(this.jobWorker);
    bus.grantPutEvents(this.jobWorker);
    for (const name of WORKER_QUEUES) {
      this.jobWorker.function.addEventSourceMapping(name, {
        eventSourceArn: queues.queue(name).queueArn,
        batchSize: 10,
        reportBatchItemFailures: true,
        // Half the reserved concurrency per queue: Lambda never throttles its own pollers, which
        // would count receives against the redrive limit and park healthy messages in the DLQ.
        maxConcurrency: 5,
      });
    }

    this.activity = new ServiceFunction(this, 'Activity', {
      ...common,
      handler: 'activity',
      description: 'Records product events in the activity table',
      memorySize: 256,
      timeout: Duration.seconds(30),
      reservedConcurrentExecutions: 5,
      logGroupName: `${logGroupPrefix}activity`,
      environment: { [ENV.ACTIVITY_TABLE]: tables.tableName('ActivityTable') },
      invokedAsynchronously: true,
    });
    tables.grantItems(this.activity, 'ActivityTable', 'GetItem', 'PutItem');
    const activityDeadLetters = this.activity.deadLetterQueue!;
    // The queue's identity in CloudFormation: a failed event waits here for replay, whatever the tree becomes.
    (activityDeadLetters.node.defaultChild as CfnResource).overrideLogicalId('ActivityDeadLetterQueue');
    new ActivityRecording(this, 'ActivityRecording', {
      eventBus: bus.eventBus, target: this.activity.function, deadLetterQueue: activityDeadLetters,
    });

    this.api = new JobsHttpApi(this, 'HttpApi', {
      apiName: stackName(CORE_SERVICE, stage),
      jobsFunction: this.jobs.function,
      userPool,
      userPoolClient,
      accessLogGroupName: `${logGroupPrefix}http-api-access`,
      logKey,
      logRetention,
    });
    CORE_SERVICE_CONTRACT.export(this, stage, 'HttpApiUrl', this.api.url, 'Base URL of the jobs HTTP API');
    CORE_SERVICE_CONTRACT.export(this, stage, 'HttpApiId', this.api.httpApi.apiId, 'Id of the jobs HTTP API');

    acknowledgeCoreServicePolicy({ stage, jobs: this.jobs, jobWorker: this.jobWorker, activity: this.activity });
    applyStandardTags(this, CORE_SERVICE, stage, props.tags);
  }
}
