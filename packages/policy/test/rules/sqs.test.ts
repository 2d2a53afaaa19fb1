import { Duration } from 'aws-cdk-lib/core';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { SQSDLQRetention } from '../../src/rules/sqs/SQSDLQRetention';
import { SQSQueueEncrypted } from '../../src/rules/sqs/SQSQueueEncrypted';
import { SQSQueueHasDLQ } from '../../src/rules/sqs/SQSQueueHasDLQ';
import { SQSQueueTLSOnly } from '../../src/rules/sqs/SQSQueueTLSOnly';
import { deadLetterQueue, queue, rotatingKey } from '../support/compliant-resources';
import { findingsOf } from '../support/rule-harness';

describe('SQSQueueEncrypted', () => {
  test('Compliance: SQS managed and KMS', () => {
    expect(findingsOf(SQSQueueEncrypted, (s) => {
      queue(s, 'Managed');
      queue(s, 'Kms', { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: rotatingKey(s) });
    })).toEqual([]);
  });
  test('Noncompliance: unencrypted, and encryption left to the default', () => {
    expect(findingsOf(SQSQueueEncrypted, (s) => {
      queue(s, 'Off', { encryption: sqs.QueueEncryption.UNENCRYPTED });
      queue(s, 'Unset', { encryption: undefined });
    })).toEqual([
      'ListBackup-SQSQueueEncrypted Fixture/Off/Resource',
      'ListBackup-SQSQueueEncrypted Fixture/Unset/Resource',
    ]);
  });
});

describe('SQSQueueHasDLQ', () => {
  test('Compliance: a queue with a DLQ, and the DLQ itself', () => {
    expect(findingsOf(SQSQueueHasDLQ, (s) => queue(s))).toEqual([]);
  });
  test('Noncompliance: a queue without DLQ that is nobody\'s DLQ', () => {
    expect(findingsOf(SQSQueueHasDLQ, (s) => deadLetterQueue(s, 'Lonely')))
      .toEqual(['ListBackup-SQSQueueHasDLQ Fixture/Lonely/Resource']);
  });
});

describe('SQSDLQRetention', () => {
  test('Compliance: a 14-day DLQ; a work queue with short retention is not a DLQ', () => {
    expect(findingsOf(SQSDLQRetention, (s) => queue(s, 'Q', { retentionPeriod: Duration.days(1) }))).toEqual([]);
  });
  test('Noncompliance: a DLQ that keeps messages for the default 4 days', () => {
    expect(findingsOf(SQSDLQRetention, (s) => {
      const dlq = deadLetterQueue(s, 'ShortDlq', { retentionPeriod: undefined });
      queue(s, 'Q', { deadLetterQueue: { queue: dlq, maxReceiveCount: 3 } });
    })).toEqual(['ListBackup-SQSDLQRetention Fixture/ShortDlq/Resource']);
  });
});

describe('SQSQueueTLSOnly', () => {
  test('Compliance: enforceSSL on the queue and its DLQ', () => {
    expect(findingsOf(SQSQueueTLSOnly, (s) => queue(s))).toEqual([]);
  });
  test('Noncompliance: no policy, and a policy that does not deny plain HTTP', () => {
    expect(findingsOf(SQSQueueTLSOnly, (s) => {
      deadLetterQueue(s, 'NoPolicy', { enforceSSL: false });
      const other = deadLetterQueue(s, 'OtherPolicy', { enforceSSL: false });
      other.addToResourcePolicy(new iam.PolicyStatement({
        actions: ['sqs:SendMessage'], resources: [other.queueArn], principals: [new iam.AccountRootPrincipal()],
      }));
    })).toEqual([
      'ListBackup-SQSQueueTLSOnly Fixture/NoPolicy/Resource',
      'ListBackup-SQSQueueTLSOnly Fixture/OtherPolicy/Resource',
    ]);
  });
});
