import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { DataBucket } from './data-bucket';

const REPLICATION_REASON = 'Cross-region replication needs a destination bucket and key in a second region, which this ' +
  'single-region stack does not own; within the region, S3 stores objects across availability zones and versioning ' +
  'keeps every overwrite. A disaster-recovery replica is its own regional stack.';

/**
 * Why the S3 stack departs from a policy rule, each on the narrowest construct (the L1 resource).
 */
export function acknowledgeS3Policy(dataBucket: DataBucket): void {
  const dataCfn = dataBucket.bucket.node.defaultChild as IConstruct;
  const logsCfn = dataBucket.accessLogsBucket.node.defaultChild as IConstruct;

  Validations.of(dataCfn).acknowledge({ id: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason: REPLICATION_REASON });
  Validations.of(logsCfn).acknowledge({ id: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason: REPLICATION_REASON });
  Validations.of(logsCfn).acknowledge({
    id: 'NIST.800.53.R5-S3DefaultEncryptionKMS',
    reason: 'S3 server access logging cannot deliver to a bucket whose default encryption is SSE-KMS; ' +
      'the access-log bucket is encrypted with SSE-S3 (AES256) instead.',
  });

  if (!dataBucket.encryptionKey) {
    Validations.of(dataCfn).acknowledge({
      id: 'NIST.800.53.R5-S3DefaultEncryptionKMS',
      reason: 'SSE-S3 was chosen explicitly (InfrastructureS3StackProps.encryption): objects are still encrypted at rest ' +
        'with AES-256; what is given up is a key policy of our own and a CloudTrail record of every decrypt.',
    });
  }

  const logsRolePolicy = dataBucket.trail?.node.tryFindChild('LogsRole')?.node.tryFindChild('DefaultPolicy');
  if (logsRolePolicy) {
    Validations.of(logsRolePolicy.node.defaultChild as IConstruct).acknowledge({
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason: 'The CloudTrail construct creates the role CloudTrail assumes to write to CloudWatch Logs, with this ' +
        'one policy: logs:CreateLogStream and logs:PutLogEvents on the data events log group only. ' +
        'The role is not reusable by anything else, which is what the rule guards against.',
    });
  }
}
