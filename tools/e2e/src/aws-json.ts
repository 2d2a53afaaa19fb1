/**
 * One call of an AWS JSON-protocol API (`X-Amz-Target`) against the local emulator, for the few
 * read calls whose SDK client the registry does not serve at the workspace's version (CloudTrail).
 * The emulator routes by the credential scope of `Authorization` and, with IAM enforcement off,
 * does not check the signature.
 */
export async function awsJson<T>(endpoint: string, service: string, target: string, body: object, region = 'us-east-1'): Promise<T> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': target,
      'Authorization': `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${target} on ${endpoint} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}
