/** Static credentials, as the SDK takes them. */
export interface AwsCredentialIdentity {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** A principal as the journey uses it: a readable name and the credentials its calls are signed with. */
export interface Principal {
  /** e.g. `operator (IAM user)`, `job-worker (function role)`, `user of acct-a (identity pool)`. */
  readonly name: string;
  readonly credentials: AwsCredentialIdentity;
}

/** SDK client configuration that signs as a principal against the emulator. */
export function clientConfig(endpoint: string, region: string, principal: Principal): {
  endpoint: string; region: string; credentials: AwsCredentialIdentity; maxAttempts: number;
} {
  // One attempt: a denial must surface as it is, not after retries.
  return { endpoint, region, credentials: principal.credentials, maxAttempts: 1 };
}

/** The environment a process signs with as this principal (a function's execution environment). */
export function credentialEnv(principal: Principal): Record<string, string> {
  const { accessKeyId, secretAccessKey, sessionToken } = principal.credentials;
  return {
    AWS_ACCESS_KEY_ID: accessKeyId,
    AWS_SECRET_ACCESS_KEY: secretAccessKey,
    ...(sessionToken ? { AWS_SESSION_TOKEN: sessionToken } : {}),
  };
}
