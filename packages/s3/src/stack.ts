import { Aws, CfnResource, Stack, StackProps } from 'aws-cdk-lib/core';
import { IConstruct } from 'constructs';
import { Construct } from 'constructs';
import { applyStandardTags, dataBucketName, resourceName } from '@listbackup/conventions';
import { S3_CONTRACT, S3_SERVICE } from './contract';
import { DataBucket } from './data-bucket';
import { DataBucketEncryption } from './data-bucket-encryption';
import { acknowledgeS3Policy } from './policy-acknowledgements';

/** The data events trail of a stage, `listbackup-<stage>-data-events`: a fixed name operators find it by. */
export function dataEventsTrailName(stage: string): string {
  return resourceName(stage, 'data-events');
}

export interface InfrastructureS3StackProps extends StackProps {
  /** The stage, e.g. `main`; part of the stack name and of every export name. */
  readonly stage: string;
  /**
   * Extra tags for every resource, besides Service, Stage and ManagedBy.
   * @default - none
   */
  readonly tags?: Record<string, string>;
  /**
   * How the data bucket encrypts objects. Importers pass the same value to `S3Contract.import`.
   * @default DataBucketEncryption.KMS
   */
  readonly encryption?: DataBucketEncryption;
  /**
   * Record object-level events of the data bucket with CloudTrail.
   * @default true
   */
  readonly dataEvents?: boolean;
}

/** The ListBackup data bucket, its access-log bucket and its data events trail. */
export class InfrastructureS3Stack extends Stack {
  public readonly dataBucket: DataBucket;

  constructor(scope: Construct, props: InfrastructureS3StackProps) {
    super(scope, S3_CONTRACT.stackName(props.stage), {
      description: `ListBackup data bucket (${props.stage})`,
      ...props,
    });
    this.dataBucket = new DataBucket(this, 'DataBucket', {
      // A fixed, predictable name per stage and account: operators and runbooks can find it.
      bucketName: dataBucketName(props.stage, Aws.ACCOUNT_ID),
      encryption: props.encryption,
      dataEvents: props.dataEvents ?? true,
      ...(props.dataEvents ?? true ? {
        dataEventsTrailName: dataEventsTrailName(props.stage),
        dataEventsLogGroupName: `/listbackup/${props.stage}/s3/data-events`,
      } : {}),
    });
    pinLogicalIds(this.dataBucket);
    S3_CONTRACT.export(this, props.stage, 'DataBucketName', this.dataBucket.bucket.bucketName, 'Name of the data bucket');
    S3_CONTRACT.export(this, props.stage, 'DataBucketArn', this.dataBucket.bucket.bucketArn, 'ARN of the data bucket');
    if (this.dataBucket.encryptionKey) {
      S3_CONTRACT.export(this, props.stage, 'DataBucketKeyArn', this.dataBucket.encryptionKey.keyArn, 'ARN of the data bucket key');
    }
    acknowledgeS3Policy(this.dataBucket);
    applyStandardTags(this, S3_SERVICE, props.stage, props.tags);
  }
}

/** Retained resources keep their identity in CloudFormation whatever the construct tree becomes. */
function pinLogicalIds(dataBucket: DataBucket): void {
  const pins: Array<[IConstruct | undefined, string]> = [
    [dataBucket.bucket, 'DataBucket'],
    [dataBucket.encryptionKey, 'DataBucketKey'],
    [dataBucket.accessLogsBucket, 'AccessLogsBucket'],
    [dataBucket.dataEventsLogGroup, 'DataEventsLogGroup'],
    [dataBucket.trail, 'DataEventsTrail'],
    [dataBucket.node.tryFindChild('AuditKey'), 'AuditKey'],
    [dataBucket.auditLogBucket, 'AuditLogBucket'],
  ];
  for (const [construct, logicalId] of pins) {
    const cfn = construct?.node.defaultChild;
    if (cfn instanceof CfnResource) cfn.overrideLogicalId(logicalId);
  }
}
