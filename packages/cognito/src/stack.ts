import { Stack, StackProps } from 'aws-cdk-lib/core';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { applyStandardTags, resourceName } from '@listbackup/conventions';
import { COGNITO_CONTRACT, COGNITO_SERVICE } from './contract';
import { acknowledgeCognitoPolicyFindings } from './policy-acknowledgements';
import { UserAuth } from './user-auth';

export interface InfrastructureCognitoStackProps extends StackProps {
  /** The stage, e.g. `main`; it is part of the stack, domain and export names. */
  readonly stage: string;
  /** Where the OAuth code flow may return (see `resolveCallbackUrls` for the per-stage defaults). */
  readonly callbackUrls: readonly string[];
  /**
   * How this stack reaches the data bucket whose `accounts/<accountId>/` prefix signed-in users may
   * use, called once with the stack as scope. The ListBackup app imports it through the S3 stack's
   * contract, so the bucket's key (and grants on it) come with it and the Cognito stack deploys
   * after the S3 stack: `(scope) => S3Contract.import(scope, stage).dataBucket`.
   */
  readonly importDataBucket: (scope: Construct) => s3.IBucket;
  /**
   * Extra tags for every resource, besides `Service`, `Stage` and `ManagedBy`.
   * @default - none
   */
  readonly tags?: Record<string, string>;
}

/** ListBackup sign-in, exported under the conventional names. */
export class InfrastructureCognitoStack extends Stack {
  public readonly userAuth: UserAuth;

  constructor(scope: Construct, props: InfrastructureCognitoStackProps) {
    super(scope, COGNITO_CONTRACT.stackName(props.stage), props);
    const auth = new UserAuth(this, 'UserAuth', {
      domainPrefix: resourceName(props.stage),
      callbackUrls: props.callbackUrls,
      dataBucket: props.importDataBucket(this),
    });
    this.userAuth = auth;
    const exportValue = COGNITO_CONTRACT.export.bind(COGNITO_CONTRACT, this, props.stage);
    exportValue('CognitoUserPoolId', auth.userPool.userPoolId, 'User pool id');
    exportValue('CognitoUserPoolArn', auth.userPool.userPoolArn, 'User pool ARN');
    exportValue('CognitoUserPoolClientId', auth.userPoolClient.userPoolClientId, 'Web client id (no secret)');
    exportValue('CognitoIdentityPoolId', auth.identityPool.identityPoolId, 'Identity pool id');
    exportValue('CognitoUserPoolDomain', auth.userPoolDomain.domainName, 'Hosted-UI domain prefix');
    acknowledgeCognitoPolicyFindings(auth);
    applyStandardTags(this, COGNITO_SERVICE, props.stage, props.tags);
  }
}
