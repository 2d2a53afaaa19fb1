import { LocalAwsError } from './errors';

/**
 * The launcher's IAM enforcement (`launcher/listbackup_local_aws/iam.py`): while on, every call is
 * evaluated against the identity policies of the principal that signed it, with resource ARNs,
 * policy variables and principal tags; the emulator's own credentials act as the account's root
 * user. Off by default, so deploys and read-backs run as an administrator.
 */
export async function setIamEnforcement(endpoint: string, enforce: boolean): Promise<void> {
  const response = await fetch(`${endpoint}/moto-api/listbackup/iam-enforcement`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ enforce }),
  });
  const state = await response.json().catch(() => undefined) as { enforce?: boolean } | undefined;
  if (!response.ok || state?.enforce !== enforce) {
    throw new LocalAwsError('NotRunning', `the emulator at ${endpoint} did not turn IAM enforcement ${enforce ? 'on' : 'off'} (HTTP ${response.status}): is it the project's launcher?`);
  }
}

/** Whether IAM enforcement is on. */
export async function iamEnforcement(endpoint: string): Promise<boolean> {
  const response = await fetch(`${endpoint}/moto-api/listbackup/iam-enforcement`);
  if (!response.ok) throw new LocalAwsError('NotRunning', `GET ${endpoint}/moto-api/listbackup/iam-enforcement answered ${response.status}`);
  return ((await response.json()) as { enforce: boolean }).enforce;
}

/** An event an EventBridge rule delivered to a Lambda function (moto runs no function code: the launcher keeps them). */
export interface LambdaDelivery {
  /** The rule that matched. */
  readonly rule: string;
  /** The event as EventBridge hands it to the function. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- an event's detail is the producer's JSON
  readonly event: Record<string, any>;
}

/** The events EventBridge rules delivered to the function `functionArn`, oldest first. */
export async function lambdaDeliveries(endpoint: string, functionArn: string): Promise<LambdaDelivery[]> {
  const response = await fetch(`${endpoint}/moto-api/listbackup/lambda-deliveries?function=${encodeURIComponent(functionArn)}`);
  if (!response.ok) throw new LocalAwsError('NotRunning', `GET ${endpoint}/moto-api/listbackup/lambda-deliveries answered ${response.status}`);
  return ((await response.json()) as { deliveries: Record<string, LambdaDelivery[]> }).deliveries[functionArn] ?? [];
}
