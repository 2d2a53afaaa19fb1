import { RemovalPolicy, Stack } from 'aws-cdk-lib/core';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface JobsHttpApiProps {
  readonly apiName: string;
  /** Serves both routes. */
  readonly jobsFunction: lambda.IFunction;
  /** Issues the tokens the API accepts. */
  readonly userPool: cognito.IUserPool;
  /** The only audience the API accepts. */
  readonly userPoolClient: cognito.IUserPoolClient;
  readonly accessLogGroupName: string;
  readonly logKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  /**
   * Steady-state requests per second over the whole stage.
   * @default 50
   */
  readonly rateLimit?: number;
  /**
   * Burst of requests above the rate.
   * @default 100
   */
  readonly burstLimit?: number;
}

/**
 * One JSON line per request, in HTTP API context variables: who (the token's subject, source IP), what
 * (route, status) and why it failed (authorizer or integration error), joinable on the request id.
 */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(JSON.stringify({
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  sourceIp: '$context.identity.sourceIp',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  userId: '$context.authorizer.claims.sub',
  authorizerError: '$context.authorizer.error',
  integrationError: '$context.integrationErrorMessage',
}));

/**
 * The jobs HTTP API: `POST /jobs` and `GET /jobs/{jobId}`, each behind a Cognito JWT authorizer
 * (tokens of the imported user pool, issued to the imported client), with access logs in an
 * encrypted log group and a stage-wide throttle.
 */
export class JobsHttpApi extends Construct {
  public readonly httpApi: apigwv2.HttpApi;
  public readonly stage: apigwv2.HttpStage;
  public readonly accessLogGroup: logs.LogGroup;
  /** The base URL of the API, ending in `/`. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: JobsHttpApiProps) {
    super(scope, id);
    const authorizer = new HttpUserPoolAuthorizer('CognitoAuthorizer', props.userPool, {
      userPoolClients: [props.userPoolClient],
      identitySource: ['$request.header.Authorization'],
    });
    this.httpApi = new apigwv2.HttpApi(this, 'Api', {
      apiName: props.apiName,
      description: 'ListBackup jobs API',
      // The stage below is built by hand: the default stage takes no access log settings.
      createDefaultStage: false,
    });
    const integration = new HttpLambdaIntegration('JobsIntegration', props.jobsFunction);
    this.httpApi.addRoutes({ path: '/jobs', methods: [apigwv2.HttpMethod.POST], integration, authorizer });
    this.httpApi.addRoutes({ path: '/jobs/{jobId}', methods: [apigwv2.HttpMethod.GET], integration, authorizer });
    // The invoke permissions name this API by a joined ARN; aws:SourceAccount pins them to this
    // account as well, in a form every checker reads (Control Tower CT.LAMBDA.PR.2).
    for (const permission of this.node.findAll().filter((c): c is lambda.CfnPermission => c instanceof lambda.CfnPermission)) {
      permission.sourceAccount = Stack.of(this).account;
    }

    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogs', {
      logGroupName: props.accessLogGroupName,
      encryptionKey: props.logKey,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      accessLogSettings: { destination: new apigwv2.LogGroupLogDestination(this.accessLogGroup), format: ACCESS_LOG_FORMAT },
      throttle: { rateLimit: props.rateLimit ?? 50, burstLimit: props.burstLimit ?? 100 },
    });
    this.url = this.stage.url;
  }
}
