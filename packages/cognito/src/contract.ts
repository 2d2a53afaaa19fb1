import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ContractImport, importContract, serviceName, ServiceContract } from '@listbackup/conventions';

export const COGNITO_SERVICE = serviceName('cognito');

/** An export of the Cognito stack. */
export type CognitoExportName =
  | 'CognitoUserPoolId' | 'CognitoUserPoolArn' | 'CognitoUserPoolClientId' | 'CognitoIdentityPoolId' | 'CognitoUserPoolDomain';

/** Both sides of the Cognito stack's exports. */
export const COGNITO_CONTRACT = new ServiceContract<CognitoExportName>(COGNITO_SERVICE, [
  'CognitoUserPoolId', 'CognitoUserPoolArn', 'CognitoUserPoolClientId', 'CognitoIdentityPoolId', 'CognitoUserPoolDomain',
]);

/**
 * ListBackup sign-in of one stage, seen from another stack of the same account and region (id
 * `listbackup-infrastructure-cognito-<stage>`). The pool and the client are imported once, with
 * `Fn::ImportValue` of the names the Cognito stack exports. (`CognitoUserPoolId` is exported for
 * clients outside CDK; here the pool comes from its ARN.)
 */
export class ImportedUserAuth extends ContractImport<CognitoExportName> {
  /** Use `CognitoContract.import(scope, stage)`, which imports a stage once a scope. */
  constructor(scope: Construct, id: string, stage: string) {
    super(scope, id, COGNITO_CONTRACT, stage);
  }

  /** For a JWT authorizer: the issuer comes from the pool. */
  public get userPool(): cognito.IUserPool {
    return this.once('UserPool', (scope, id) => cognito.UserPool.fromUserPoolArn(scope, id, this.importValue('CognitoUserPoolArn')));
  }

  /** For a JWT authorizer: the only audience. */
  public get userPoolClient(): cognito.IUserPoolClient {
    return this.once('UserPoolClient', (scope, id) =>
      cognito.UserPoolClient.fromUserPoolClientId(scope, id, this.importValue('CognitoUserPoolClientId')));
  }

  public get identityPoolId(): string {
    return this.importValue('CognitoIdentityPoolId');
  }

  /** The hosted-UI domain prefix. */
  public get userPoolDomain(): string {
    return this.importValue('CognitoUserPoolDomain');
  }
}

/** The consumer side of the Cognito stack's contract. */
export class CognitoContract {
  /** The sign-in resources of `stage`; calling it again in the same scope and stage returns the same imports. */
  public static import(scope: Construct, stage: string): ImportedUserAuth {
    return importContract(scope, COGNITO_CONTRACT, stage, (s, id) => new ImportedUserAuth(s, id, stage));
  }

  private constructor() {}
}
