import { ConfigurationError } from './errors';

/**
 * The data bucket's layout, shared by everything that reads or writes it: one prefix per ListBackup
 * account (the tenant). The identity pool's role, the job worker and the API all derive their keys
 * and policy resources from here, so the tenancy model is written once.
 *
 * - `accounts/<accountId>/`: everything of one account; its signed-in users may read all of it.
 * - `accounts/<accountId>/uploads/`: what the account's users write themselves.
 * - `accounts/<accountId>/jobs/<jobId>/result.json`: a job's result, written only by the job worker.
 */
export const DATA_BUCKET_ACCOUNTS_PREFIX = 'accounts/';

/** The user-pool attribute (a custom attribute only the back end writes) that names a user's account. */
export const ACCOUNT_ID_ATTRIBUTE = 'accountId';

/** The ID-token claim that carries the account attribute. */
export const ACCOUNT_ID_CLAIM = `custom:${ACCOUNT_ID_ATTRIBUTE}`;

/**
 * The principal tag the identity pool puts on a signed-in user's session, from the account claim;
 * IAM policies use it as `${aws:PrincipalTag/accountId}`.
 */
export const ACCOUNT_ID_PRINCIPAL_TAG = ACCOUNT_ID_ATTRIBUTE;

/** `${aws:PrincipalTag/accountId}`: the account of the caller, in IAM policy variable form. */
export const ACCOUNT_ID_POLICY_VARIABLE = `\${aws:PrincipalTag/${ACCOUNT_ID_PRINCIPAL_TAG}}`;

/** Account ids: letters, digits, '_' and '-', so that an id can never step out of its prefix. */
export const ACCOUNT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Every account, in an IAM resource (`accounts/` then this, then the rest of the key). */
export const ANY_ACCOUNT = '*';

function checkedAccountId(accountId: string): string {
  if (accountId === ACCOUNT_ID_POLICY_VARIABLE || accountId === ANY_ACCOUNT || ACCOUNT_ID_PATTERN.test(accountId)) return accountId;
  throw new ConfigurationError('InvalidName',
    `account id '${accountId}' is invalid: use 1 to 64 letters, digits, '_' and '-', starting with a letter or digit`,
  );
}

/**
 * `accounts/<accountId>/`: every object of one account. Takes an account id, or for IAM resources
 * `ACCOUNT_ID_POLICY_VARIABLE` (the caller's account) or `ANY_ACCOUNT`.
 */
export function accountPrefix(accountId: string): string {
  return `${DATA_BUCKET_ACCOUNTS_PREFIX}${checkedAccountId(accountId)}/`;
}

/** `accounts/<accountId>/uploads/`: where the account's users write. */
export function accountUploadsPrefix(accountId: string): string {
  return `${accountPrefix(accountId)}uploads/`;
}

/** `accounts/<accountId>/jobs/`: job results, written by the job worker only. */
export function accountJobsPrefix(accountId: string): string {
  return `${accountPrefix(accountId)}jobs/`;
}

/** `accounts/<accountId>/jobs/<jobId>/result.json`: where the worker puts a job's result. */
export function jobResultKey(accountId: string, jobId: string): string {
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(jobId)) {
    throw new ConfigurationError('InvalidName', `job id '${jobId}' is invalid: use 1 to 128 letters, digits, '_' and '-'`);
  }
  return `${accountJobsPrefix(accountId)}${jobId}/result.json`;
}
