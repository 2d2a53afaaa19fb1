import { Duration, Stack } from 'aws-cdk-lib/core';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CloudTrailBucketProtected } from '../../src/rules/cloudtrail/CloudTrailBucketProtected';
import { bucket } from '../support/compliant-resources';
import { findingsOf } from '../support/rule-harness';

function trail(stack: Stack, id: string, into: s3.IBucket): cloudtrail.Trail {
  return new cloudtrail.Trail(stack, id, { bucket: into, isMultiRegionTrail: false, includeGlobalServiceEvents: false });
}

describe('CloudTrailBucketProtected', () => {
  test('Compliance: a locked bucket, a logged bucket, a bucket outside the stack', () => {
    expect(findingsOf(CloudTrailBucketProtected, (s) => {
      trail(s, 'Locked', bucket(s, 'LockedBucket', { objectLockDefaultRetention: s3.ObjectLockRetention.governance(Duration.days(30)) }));
      trail(s, 'Logged', bucket(s, 'LoggedBucket', { serverAccessLogsBucket: bucket(s, 'Logs') }));
      trail(s, 'Archive', s3.Bucket.fromBucketName(s, 'OrgArchive', 'org-log-archive'));
    })).toEqual([]);
  });

  test('Noncompliance: the trail writes into a bucket that is neither locked nor logged', () => {
    expect(findingsOf(CloudTrailBucketProtected, (s) => trail(s, 'Trail', bucket(s, 'Plain'))))
      .toEqual(['ListBackup-CloudTrailBucketProtected Fixture/Trail/Resource']);
  });
});
