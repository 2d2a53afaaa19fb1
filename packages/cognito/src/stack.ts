import { Aws, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { applyStandardTags, dataBucketName, resourceName } from '@listbackup/conventions';
import { COGNITO_CONTRACT, COGNITO_SERVICE } from './contract';
import { acknowledgeCognitoPolicyFindings } from './policy-acknowledgements';
import { UserAuth } from './user-auth';

export interface InfrastructureCognitoStackProps extends StackProps {
  /** The stage, e.g. `main`; it is part of the stack, domain and export names. */
  readonly stage: string;
  /** Where the OAuth code flow may return (see `resolveCallbackUrls` for the per-stage defaults). */
  readonly callbackUrls: readonly string[];
  /**
   * The data bucket whose `accounts/<identity id>/` prefix signed-in users may use. It is named,
   * not imported: infrastructure stacks never import each other's exports, so they deploy in parallel.
   * @default `listbackup-<stage>-data-<account id>`
   */
  readonly dataBucketName?: string;
  /**
   * The data bucket's customer key, when it is SSE-KMS.
   * @default - none
   */
  readonly dataBucketKeyArn?: string;
  /**
   * Extra tags for every resource, besides `Service`, `Stage` and `ManagedBy`.
   * @default - none
   */
  readonly tags?: Record<string, string>;
}

/** The default data bucket name of a stage: `listbackup-<stage>-data-<account id>`. */
export function defaultDataBucketName(stage: string): string {
  return dataBucketName(stage, Aws.ACCOUNT_ID);
}

/** ListBackup sign-in, exported under the conventional names. */
export class InfrastructureCognitoStack extends Stack {
  public readonly userAuth: UserAuth;

  constructor(scope: Construct, props: InfrastructureCognitoStackProps) {
    super(scope, COGNITO_CONTRACT.stackName(props.stage), props);
    const auth = new UserAuth(this, 'UserAuth', {
      domainPrefix: resourceName(props.stage),
      callbackUrls: props.callbackUrls,
      dataBucketName: props.dataBucketName ?? defaultDataBucketName(props.stage),
      dataBucketKeyArn: props.dataBucketKeyArn,
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
