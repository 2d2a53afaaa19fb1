import { Validations } from 'aws-cdk-lib/core';
import { IConstruct } from 'constructs';
import { DataBucket } from './data-bucket';

const REPLICATION_REASON = 'Cross-region replication needs a destination bucket and key in a second region, which this ' +
  'single-region stack does not own; within the region, S3 stores objects across availability zones and versioning ' +
  'keeps every overwrite. A disaster-recovery replica is its own regional stack.';

/**
 * Why the S3 stack departs from a policy rule, each on the narrowest construct (the L1 resource).
 * What every DataBucket needs whoever deploys it (SSE-S3 on the access-log bucket) the construct
 * acknowledges itself, so a consumer's own stack does not repeat it.
 */
export function acknowledgeS3Policy(dataBucket: DataBucket): void {
  const dataCfn = dataBucket.bucket.node.defaultChild as IConstruct;
  const logsCfn = dataBucket.accessLogsBucket.node.defaultChild as IConstruct;

  Validations.of(dataCfn).acknowledge({ id: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason: REPLICATION_REASON });
  Validations.of(logsCfn).acknowledge({ id: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason: REPLICATION_REASON });
  if (dataBucket.auditLogBucket) {
    Validations.of(dataBucket.auditLogBucket.node.defaultChild as IConstruct)
      .acknowledge({ id: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason: REPLICATION_REASON });
  }
  // The access-log bucket's SSE-S3 is acknowledged by DataBucket itself: it is the construct's design.

  if (!dataBucket.encryptionKey) {
    Validations.of(dataCfn).acknowledge({
      id: 'NIST.800.53.R5-S3DefaultEncryptionKMS',
      reason: 'SSE-S3 was chosen explicitly (InfrastructureS3StackProps.encryption): objects are still encrypted at rest ' +
        'with AES-256; what is given up is a key policy of our own and a CloudTrail record of every decrypt.',
    });
  }
}
