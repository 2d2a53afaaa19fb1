import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CognitoIdentityClient, GetIdentityPoolRolesCommand } from '@aws-sdk/client-cognito-identity';
import { EventBridgeClient, ListRulesCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { LambdaClient, ListEventSourceMappingsCommand, EventSourceMappingConfiguration } from '@aws-sdk/client-lambda';
import { clientConfig, Principal } from './credentials';
import { Deployment, readDeployment } from './deployment';
import { LocalEmulator } from './emulator';
import { JourneyError } from './errors';
import { Jwks, LocalHttpApi } from './http-api';
import { LocalFunction } from './local-lambda';
import { assumeFunctionRole, createOperator, EmulatorAccess } from './principals';

/** A deployed function with the session Lambda would run it under. */
export interface RunnableFunction {
  readonly fn: LocalFunction;
  readonly role: Principal;
}

/** Everything the steps share: the deployment as its APIs describe it, and each principal. */
export interface JourneyContext {
  readonly access: EmulatorAccess;
  readonly emulator: LocalEmulator;
  readonly deployment: Deployment;
  readonly operator: Principal;
  readonly api: LocalHttpApi;
  readonly jobs: RunnableFunction;
  readonly worker: RunnableFunction & { readonly mapping: EventSourceMappingConfiguration };
  readonly activity: RunnableFunction & { readonly ruleArn: string };
  /** The role the identity pool gives signed-in users. */
  readonly authenticatedRoleArn: string;
  /** A client of `Client` signed as `principal`. */
  client<C extends { destroy(): void }>(Client: new (config: ReturnType<typeof clientConfig>) => C, principal: Principal): C;
  /** Finds the runnable function behind an ARN (API integrations name functions by ARN). */
  functionByArn(arn: string): RunnableFunction;
  dispose(): void;
}

/**
 * Reads the deployed stage through the services' own APIs, as the services themselves would see it:
 * the API's routes and the function its integration invokes, the function the Sync queue's event
 * source mapping feeds, the function the activity rule targets. While IAM enforcement is still off
 * it creates the operator and takes each function's role session (as Lambda assumes it).
 */
export async function prepareContext(access: EmulatorAccess, stage: string, runId: string): Promise<JourneyContext> {
  const emulator = new LocalEmulator(access.endpoint);
  const clients: Array<{ destroy(): void }> = [];
  const operator = await createOperator(access, `listbackup-e2e-operator-${runId}`);
  const client = <C extends { destroy(): void }>(Client: new (config: ReturnType<typeof clientConfig>) => C, principal: Principal): C => {
    const created = new Client(clientConfig(access.endpoint, access.region, principal));
    clients.push(created);
    return created;
  };
  const deployment = await readDeployment(client(CloudFormationClient, operator), stage);
  const lambda = client(LambdaClient, operator);

  const api = await LocalHttpApi.load(client(ApiGatewayV2Client, operator), deployment.httpApiId, (issuer) => jwksOf(access.endpoint, issuer));
  const runnable = async (arn: string): Promise<RunnableFunction> => {
    const fn = await LocalFunction.load(lambda, emulator, arn.split(':').pop()!);
    return { fn, role: await assumeFunctionRole(access, fn.name, fn.roleArn) };
  };
  const jobs = await runnable(api.functionArnOf('POST /jobs'));

  const mappings = (await lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: deployment.syncQueueArn }))).EventSourceMappings ?? [];
  if (mappings.length !== 1) {
    throw new JourneyError({ principal: operator.name, call: `lambda:ListEventSourceMappings ${deployment.syncQueueArn}` },
      `expected one function consuming the Sync queue, found ${mappings.length}`);
  }
  const worker = { ...await runnable(mappings[0].FunctionArn!), mapping: mappings[0] };

  const events = client(EventBridgeClient, operator);
  const rules = (await events.send(new ListRulesCommand({ EventBusName: deployment.eventBusName }))).Rules ?? [];
  const lambdaTargets: Array<{ ruleArn: string; functionArn: string }> = [];
  for (const rule of rules) {
    const targets = (await events.send(new ListTargetsByRuleCommand({ Rule: rule.Name, EventBusName: deployment.eventBusName }))).Targets ?? [];
    for (const t of targets) if (t.Arn?.includes(':lambda:')) lambdaTargets.push({ ruleArn: rule.Arn!, functionArn: t.Arn });
  }
  if (lambdaTargets.length !== 1) {
    throw new JourneyError({ principal: operator.name, call: `events:ListTargetsByRule (bus ${deployment.eventBusName})` },
      `expected one rule delivering product events to a function (the activity recorder), found ${lambdaTargets.length}`);
  }
  const activity = { ...await runnable(lambdaTargets[0].functionArn), ruleArn: lambdaTargets[0].ruleArn };

  const roles = await client(CognitoIdentityClient, operator).send(new GetIdentityPoolRolesCommand({ IdentityPoolId: deployment.identityPoolId }));
  const authenticatedRoleArn = roles.Roles?.authenticated;
  if (!authenticatedRoleArn) {
    throw new JourneyError({ principal: operator.name, call: `cognito-identity:GetIdentityPoolRoles ${deployment.identityPoolId}` }, 'the identity pool has no authenticated role');
  }

  const all = [jobs, worker, activity];
  return {
    access, emulator, deployment, operator, api, jobs, worker, activity, authenticatedRoleArn, client,
    functionByArn: (arn) => {
      const found = all.find((f) => f.fn.arn === arn || arn.endsWith(`:function:${f.fn.name}`));
      if (!found) throw new JourneyError({ principal: 'HTTP API', call: `lambda:InvokeFunction ${arn}` }, 'the integration invokes a function the journey does not know');
      return found;
    },
    dispose: () => {
      for (const c of clients) c.destroy();
      for (const f of all) f.fn.dispose();
    },
  };
}

/**
 * A user pool's signing keys, as API Gateway fetches them from `<issuer>/.well-known/jwks.json`;
 * the emulator serves them at `<endpoint>/<pool id>/.well-known/jwks.json`.
 */
async function jwksOf(endpoint: string, issuer: string): Promise<Jwks> {
  const poolId = issuer.split('/').pop();
  const response = await fetch(`${endpoint}/${poolId}/.well-known/jwks.json`);
  if (!response.ok) throw new JourneyError({ principal: 'HTTP API', call: `GET ${issuer}/.well-known/jwks.json` }, `answered ${response.status}`);
  return response.json() as Promise<Jwks>;
}
