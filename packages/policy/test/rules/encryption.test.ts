import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { EventBusEncrypted } from '../../src/rules/eventbridge/EventBusEncrypted';
import { KMSKeyRotation } from '../../src/rules/kms/KMSKeyRotation';
import { LogGroupEncrypted } from '../../src/rules/logs/LogGroupEncrypted';
import { eventBus, logGroup, rotatingKey } from '../support/compliant-resources';
import { findingsOf } from '../support/rule-harness';

describe('EventBusEncrypted', () => {
  test('Compliance: a customer managed key', () => {
    expect(findingsOf(EventBusEncrypted, (s) => eventBus(s))).toEqual([]);
  });
  test('Noncompliance: no key', () => {
    expect(findingsOf(EventBusEncrypted, (s) => new events.EventBus(s, 'Bus')))
      .toEqual(['ListBackup-EventBusEncrypted Fixture/Bus/Resource']);
  });
});

describe('LogGroupEncrypted', () => {
  test('Compliance: a KMS key', () => {
    expect(findingsOf(LogGroupEncrypted, (s) => logGroup(s))).toEqual([]);
  });
  test('Noncompliance: no key', () => {
    expect(findingsOf(LogGroupEncrypted, (s) => new logs.LogGroup(s, 'Logs')))
      .toEqual(['ListBackup-LogGroupEncrypted Fixture/Logs/Resource']);
  });
});

describe('KMSKeyRotation', () => {
  test('Compliance: rotation on; asymmetric keys cannot rotate', () => {
    expect(findingsOf(KMSKeyRotation, (s) => {
      rotatingKey(s);
      new kms.Key(s, 'Signing', { keySpec: kms.KeySpec.ECC_NIST_P256, keyUsage: kms.KeyUsage.SIGN_VERIFY });
    })).toEqual([]);
  });
  test('Noncompliance: a symmetric key without rotation', () => {
    expect(findingsOf(KMSKeyRotation, (s) => new kms.Key(s, 'Key')))
      .toEqual(['ListBackup-KMSKeyRotation Fixture/Key/Resource']);
  });
});
