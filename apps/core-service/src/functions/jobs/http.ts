import { ACCOUNT_ID_CLAIM, ACCOUNT_ID_PATTERN } from '@listbackup/conventions/names';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return { statusCode, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** The caller, from the claims the JWT authorizer verified. */
export interface Caller {
  readonly accountId: string;
  readonly userId: string;
}

/**
 * The caller's account is the `custom:accountId` claim of the Cognito token, never a request field:
 * a client cannot act for another account by naming it.
 */
export function callerOf(event: HttpEvent): Caller | undefined {
  const claims = event.requestContext.authorizer?.jwt?.claims ?? {};
  const accountId = claims[ACCOUNT_ID_CLAIM];
  const userId = claims.sub;
  // The account id becomes a key prefix in the data bucket: one that could step out of it is no account.
  if (typeof accountId !== 'string' || !ACCOUNT_ID_PATTERN.test(accountId) || typeof userId !== 'string' || userId === '') return undefined;
  return { accountId, userId };
}

/** API Gateway HTTP APIs pass header names in lower case; clients may not. */
export function header(event: HttpEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

export function bodyText(event: HttpEvent): string | undefined {
  if (event.body === undefined) return undefined;
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}
