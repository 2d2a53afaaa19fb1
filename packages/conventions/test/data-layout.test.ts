import {
  ACCOUNT_ID_POLICY_VARIABLE, ANY_ACCOUNT, accountJobsPrefix, accountPrefix, accountUploadsPrefix, jobResultKey,
} from '../src';

test('each account has one prefix, with its uploads and its job results under it', () => {
  expect(accountPrefix('acct-1')).toBe('accounts/acct-1/');
  expect(accountUploadsPrefix('acct-1')).toBe('accounts/acct-1/uploads/');
  expect(accountJobsPrefix('acct-1')).toBe('accounts/acct-1/jobs/');
  expect(jobResultKey('acct-1', 'job-42')).toBe('accounts/acct-1/jobs/job-42/result.json');
});

test('the policy form names the caller\'s account principal tag', () => {
  expect(accountPrefix(ACCOUNT_ID_POLICY_VARIABLE)).toBe('accounts/${aws:PrincipalTag/accountId}/');
  expect(accountJobsPrefix(ANY_ACCOUNT)).toBe('accounts/*/jobs/');
});

test.each(['', '../other', 'a/b', 'acct 1', '${aws:username}', '-lead'])('the account id %j cannot step out of its prefix', (id) => {
  expect(() => accountPrefix(id)).toThrow(/account id '.*' is invalid: use 1 to 64 letters, digits/);
});

test('a job id with a slash is refused', () => {
  expect(() => jobResultKey('acct-1', 'job/../../x')).toThrow(/job id 'job\/\.\.\/\.\.\/x' is invalid/);
});
