import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { serviceName, ServiceContract, validateStage } from '@listbackup/conventions';

export const COGNITO_SERVICE = serviceName('cognito');

/** An export of the Cognito stack. */
export type CognitoExportName =
  | 'CognitoUserPoolId' | 'CognitoUserPoolArn' | 'CognitoUserPoolClientId' | 'CognitoIdentityPoolId' | 'CognitoUserPoolDomain';

/** Both sides of the Cognito stack's exports. */
export const COGNITO_CONTRACT = new ServiceContract<CognitoExportName>(COGNITO_SERVICE, [
  'CognitoUserPoolId', 'CognitoUserPoolArn', 'CognitoUserPoolClientId', 'CognitoIdentityPoolId', 'CognitoUserPoolDomain',
]);

/** ListBackup sign-in of one stage, as seen from another stack. */
export interface ImportedUserAuth {
  /** For a JWT authorizer: issuer and audience come from the pool and the client. */
  readonly userPool: cognito.IUserPool;
  readonly userPoolClient: cognito.IUserPoolClient;
  readonly identityPoolId: string;
  /** The hosted-UI domain prefix. */
  readonly userPoolDomain: string;
}

/** The consumer side of the Cognito stack's contract. */
export class CognitoContract {
  /**
   * The sign-in resources of `stage`, imported with `Fn::ImportValue` of the names the Cognito
   * stack exports. Calling it again in the same scope and stage returns the same objects.
   * (`CognitoUserPoolId` is exported for clients outside CDK; here the pool comes from its ARN.)
   */
  public static import(scope: Construct, stage: string): ImportedUserAuth {
    const id = `ListBackupUserAuth-${validateStage(stage)}`;
    const holder = (scope.node.tryFindChild(id) as Construct | undefined) ?? new Construct(scope, id);
    const userPool = (holder.node.tryFindChild('UserPool') as cognito.IUserPool | undefined) ??
      cognito.UserPool.fromUserPoolArn(holder, 'UserPool', COGNITO_CONTRACT.importValue(stage, 'CognitoUserPoolArn'));
    const userPoolClient = (holder.node.tryFindChild('UserPoolClient') as cognito.IUserPoolClient | undefined) ??
      cognito.UserPoolClient.fromUserPoolClientId(holder, 'UserPoolClient', COGNITO_CONTRACT.importValue(stage, 'CognitoUserPoolClientId'));
    return {
      userPool,
      userPoolClient,
      identityPoolId: COGNITO_CONTRACT.importValue(stage, 'CognitoIdentityPoolId'),
      userPoolDomain: COGNITO_CONTRACT.importValue(stage, 'CognitoUserPoolDomain'),
    };
  }

  private constructor() {}
}
