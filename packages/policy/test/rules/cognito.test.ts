import { CognitoIdentityPoolNoUnauthenticated } from '../../src/rules/cognito/CognitoIdentityPoolNoUnauthenticated';
import { identityPool } from '../support/compliant-resources';
import { findingsOf } from '../support/rule-harness';

describe('CognitoIdentityPoolNoUnauthenticated', () => {
  test('Compliance: unauthenticated identities off', () => {
    expect(findingsOf(CognitoIdentityPoolNoUnauthenticated, (s) => identityPool(s))).toEqual([]);
  });
  test('Noncompliance: unauthenticated identities on', () => {
    expect(findingsOf(CognitoIdentityPoolNoUnauthenticated, (s) => identityPool(s, 'Open', true)))
      .toEqual(['ListBackup-CognitoIdentityPoolNoUnauthenticated Fixture/Open']);
  });
});
