import { createPublicKey, randomUUID, verify } from 'node:crypto';
import {
  ApiGatewayV2Client, Authorizer, GetAuthorizersCommand, GetIntegrationsCommand, GetRoutesCommand, Integration, Route,
} from '@aws-sdk/client-apigatewayv2';
import { Principal } from './credentials';
import { JourneyError } from './errors';
import { LocalFunction } from './local-lambda';

/** An HTTP response as the API returns it. */
export interface ApiResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  json<T = unknown>(): T;
}

export interface ApiRequest {
  readonly method: string;
  /** e.g. `/jobs` or `/jobs/job-1`. */
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/**
 * The deployed HTTP API, served here as API Gateway serves it: the route that matches the request,
 * its JWT authorizer (signature against the issuer's JWKS, issuer, audience, expiry: "Controlling
 * access to HTTP APIs with JWT authorizers"), and its Lambda proxy integration with payload
 * format 2.0 ("Working with AWS Lambda proxy integrations for HTTP APIs"). The emulator stores the
 * API but has no data plane; everything here is read from its apigatewayv2 API.
 */
export class LocalHttpApi {
  public static async load(client: ApiGatewayV2Client, apiId: string, jwksFor: (issuer: string) => Promise<Jwks>): Promise<LocalHttpApi> {
    const [routes, authorizers, integrations] = await Promise.all([
      client.send(new GetRoutesCommand({ ApiId: apiId })),
      client.send(new GetAuthorizersCommand({ ApiId: apiId })),
      client.send(new GetIntegrationsCommand({ ApiId: apiId })),
    ]);
    return new LocalHttpApi(apiId, routes.Items ?? [], authorizers.Items ?? [], integrations.Items ?? [], jwksFor);
  }

  private constructor(
    public readonly apiId: string,
    public readonly routes: Route[],
    private readonly authorizers: Authorizer[],
    private readonly integrations: Integration[],
    private readonly jwksFor: (issuer: string) => Promise<Jwks>,
  ) {}

  /** The Lambda function ARN a route's integration invokes. */
  public functionArnOf(routeKey: string): string {
    const route = this.routes.find((r) => r.RouteKey === routeKey);
    if (!route) throw new JourneyError({ principal: 'HTTP API', call: routeKey }, `the API has no route ${routeKey}: it has ${this.routes.map((r) => r.RouteKey).join(', ')}`);
    const integration = this.integrations.find((i) => route.Target === `integrations/${i.IntegrationId}`);
    if (!integration?.IntegrationUri) throw new JourneyError({ principal: 'HTTP API', call: routeKey }, `route ${routeKey} has no Lambda integration (target ${route.Target})`);
    // Either the function ARN, or the Lambda invocation path that ends in `functions/<arn>/invocations`.
    return /functions\/(arn:[^/]+)\/invocations/.exec(integration.IntegrationUri)?.[1] ?? integration.IntegrationUri;
  }

  /**
   * Sends a request: 404 without a matching route, 401 when the JWT authorizer refuses the token,
   * otherwise the integration's response. `functions` resolves a function ARN to the local function
   * and the credentials of its role.
   */
  public async request(request: ApiRequest, functions: (arn: string) => { fn: LocalFunction; role: Principal }): Promise<ApiResponse> {
    const match = this.match(request.method, request.path);
    if (!match) return response(404, { message: 'Not Found' });
    const { route, pathParameters } = match;
    const headers = Object.fromEntries(Object.entries(request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    let claims: Record<string, unknown> = {};
    if (route.AuthorizationType === 'JWT') {
      const authorizer = this.authorizers.find((a) => a.AuthorizerId === route.AuthorizerId);
      if (!authorizer?.JwtConfiguration) throw new JourneyError({ principal: 'HTTP API', call: route.RouteKey! }, 'the route names a JWT authorizer the API does not have');
      const verified = await this.authorize(authorizer, headers);
      if (!verified.ok) return response(401, { message: 'Unauthorized' }, { 'www-authenticate': verified.reason });
      claims = verified.claims;
    }
    const arn = this.functionArnOf(route.RouteKey!);
    const { fn, role } = functions(arn);
    assertInvokePermission(fn, this.apiId, route.RouteKey!);
    const event = {
      version: '2.0',
      routeKey: route.RouteKey,
      rawPath: request.path,
      rawQueryString: '',
      headers,
      body: request.body,
      isBase64Encoded: false,
      pathParameters,
      requestContext: {
        apiId: this.apiId,
        requestId: randomUUID(),
        routeKey: route.RouteKey,
        stage: '$default',
        http: { method: request.method, path: request.path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'listbackup-e2e' },
        authorizer: { jwt: { claims, scopes: null } },
        timeEpoch: Date.now(),
      },
    };
    const result = await fn.invoke(event, role);
    if (!result.ok) return response(500, { message: 'Internal Server Error' }, {}, `${result.errorType}: ${result.errorMessage}`);
    const out = result.result as { statusCode: number; headers?: Record<string, string>; body?: string };
    return { statusCode: out.statusCode, headers: out.headers ?? {}, body: out.body ?? '', json: () => JSON.parse(out.body ?? 'null') };
  }

  private match(method: string, path: string): { route: Route; pathParameters: Record<string, string> } | undefined {
    for (const route of this.routes) {
      const [routeMethod, routePath] = (route.RouteKey ?? '').split(' ');
      if (routeMethod !== method && routeMethod !== 'ANY') continue;
      const names: string[] = [];
      const pattern = new RegExp(`^${routePath.replace(/\{([^}]+)\}/g, (_m, name) => { names.push(name); return '([^/]+)'; })}$`);
      const found = pattern.exec(path);
      if (found) return { route, pathParameters: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(found[i + 1])])) };
    }
    return undefined;
  }

  private async authorize(authorizer: Authorizer, headers: Record<string, string>): Promise<{ ok: true; claims: Record<string, unknown> } | { ok: false; reason: string }> {
    const source = authorizer.IdentitySource?.[0] ?? '$request.header.Authorization';
    const header = /^\$request\.header\.(.+)$/.exec(source)?.[1]?.toLowerCase() ?? 'authorization';
    const raw = headers[header]?.replace(/^Bearer\s+/i, '');
    if (!raw) return { ok: false, reason: `no token in ${source}` };
    const [headerPart, payloadPart, signaturePart] = raw.split('.');
    if (!signaturePart) return { ok: false, reason: 'not a JWT' };
    const tokenHeader = decodePart(headerPart) as { kid?: string; alg?: string };
    const claims = decodePart(payloadPart) as Record<string, unknown>;
    const config = authorizer.JwtConfiguration!;
    if (claims.iss !== config.Issuer) return { ok: false, reason: `issuer ${String(claims.iss)} is not ${config.Issuer}` };
    const jwks = await this.jwksFor(config.Issuer!);
    const key = jwks.keys.find((k) => k.kid === tokenHeader.kid);
    if (!key || tokenHeader.alg !== 'RS256') return { ok: false, reason: 'unknown signing key' };
    const signed = verify('RSA-SHA256', Buffer.from(`${headerPart}.${payloadPart}`), createPublicKey({ key, format: 'jwk' }), Buffer.from(signaturePart, 'base64url'));
    if (!signed) return { ok: false, reason: 'bad signature' };
    if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now()) return { ok: false, reason: 'token expired' };
    // ID tokens carry the client in `aud`, access tokens in `client_id`.
    const audience = claims.token_use === 'access' ? claims.client_id : claims.aud;
    if (!(config.Audience ?? []).includes(String(audience))) return { ok: false, reason: `audience ${String(audience)} is not accepted` };
    return { ok: true, claims };
  }
}

/** A JSON Web Key Set. */
export interface Jwks { readonly keys: Array<{ kid: string } & Record<string, unknown>> }

function decodePart(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return {};
  }
}

function response(statusCode: number, body: unknown, headers: Record<string, string> = {}, detail?: string): ApiResponse {
  const text = JSON.stringify(body);
  return { statusCode, headers: { 'content-type': 'application/json', ...headers, ...(detail ? { 'x-local-error': detail } : {}) }, body: text, json: () => JSON.parse(text) };
}

/**
 * API Gateway may invoke the function only if its resource-based policy allows
 * `apigateway.amazonaws.com` for this API ("Lambda resource-based policies"). The emulator does not
 * evaluate resource policies, so the journey reads the policy and checks the statement itself.
 */
function assertInvokePermission(fn: LocalFunction, apiId: string, routeKey: string): void {
  const [method, routePath] = routeKey.split(' ');
  const [, partition, , region, account] = fn.arn.split(':');
  // The ARN API Gateway invokes with: arn:<partition>:execute-api:<region>:<account>:<api>/<stage>/<method>/<route path>.
  const invokeArn = `arn:${partition}:execute-api:${region}:${account}:${apiId}/$default/${method}${routePath}`;
  const statements = fn.resourcePolicy?.Statement ?? [];
  const allowed = statements.some((s) => {
    const service = typeof s.Principal === 'object' ? s.Principal.Service : s.Principal;
    const actions = ([] as string[]).concat(s.Action);
    const sourceArn = s.Condition?.ArnLike?.['AWS:SourceArn'] ?? s.Condition?.ArnLike?.['aws:SourceArn'];
    if (s.Effect !== 'Allow' || service !== 'apigateway.amazonaws.com' || !actions.includes('lambda:InvokeFunction') || !sourceArn) return false;
    return globMatches(sourceArn, invokeArn);
  });
  if (!allowed) {
    throw new JourneyError({ principal: 'apigateway.amazonaws.com', call: `lambda:InvokeFunction ${fn.name} for ${routeKey}`, deniedAction: 'lambda:InvokeFunction' },
      `the function's resource policy does not let API ${apiId} invoke it for ${routeKey}: ${JSON.stringify(statements)}`);
  }
}

/** IAM's ArnLike: `*` matches any run of characters, `?` one. */
function globMatches(pattern: string, value: string): boolean {
  const regex = pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${regex}$`).test(value);
}
