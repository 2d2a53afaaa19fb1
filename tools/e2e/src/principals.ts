import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CognitoIdentityClient, GetCredentialsForIdentityCommand, GetIdCommand } from '@aws-sdk/client-cognito-identity';
import { AuthenticationDetails, CognitoUser, CognitoUserPool, CognitoUserSession } from 'amazon-cognito-identity-js';
import { Principal } from './credentials';
import { callAs, JourneyError } from './errors';

/** The emulator's endpoint and region, and credentials that pass while IAM enforcement is off. */
export interface EmulatorAccess {
  readonly endpoint: string;
  readonly region: string;
  /** Any credentials: used only before enforcement starts. */
  readonly bootstrapCredentials: { accessKeyId: string; secretAccessKey: string };
}

/**
 * The back office: an IAM user with administrator rights, standing in for the people and systems
 * that provision users (`AdminCreateUser`) and that observe the system (reading queues, logs,
 * configuration). It is created while enforcement is off; its calls are checked afterwards.
 */
export async function createOperator(access: EmulatorAccess, userName: string): Promise<Principal> {
  const iam = new IAMClient({ endpoint: access.endpoint, region: access.region, credentials: access.bootstrapCredentials });
  try {
    await iam.send(new CreateUserCommand({ UserName: userName })).catch((error) => {
      if ((error as Error).name !== 'EntityAlreadyExistsException') throw error;
    });
    await iam.send(new PutUserPolicyCommand({
      UserName: userName,
      PolicyName: 'administrator',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
    }));
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
    return {
      name: `operator ${userName} (IAM user)`,
      credentials: { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! },
    };
  } finally {
    iam.destroy();
  }
}

/**
 * The credentials Lambda gives a function: a session of its execution role. Lambda assumes the role
 * as `lambda.amazonaws.com`, which the role's trust policy names; the journey takes the session the
 * same way, before enforcement starts (the emulator cannot check a service principal's AssumeRole).
 */
export async function assumeFunctionRole(access: EmulatorAccess, functionName: string, roleArn: string): Promise<Principal> {
  const sts = new STSClient({ endpoint: access.endpoint, region: access.region, credentials: access.bootstrapCredentials });
  try {
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: functionName.slice(0, 64), DurationSeconds: 3600 }));
    const c = out.Credentials!;
    return {
      name: `${functionName} (function role ${roleArn.split('/').pop()})`,
      credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! },
    };
  } finally {
    sts.destroy();
  }
}

/** A signed-in user: their tokens and, once exchanged, their identity-pool credentials. */
export interface SignedInUser {
  readonly email: string;
  readonly accountId: string;
  readonly idToken: string;
  readonly sub: string;
}

/**
 * Signs a user in as the web app does (amazon-cognito-identity-js, USER_SRP_AUTH against the web
 * client), answering the NEW_PASSWORD_REQUIRED challenge of an invited user with their own
 * password. The emulator checks neither the SRP proof nor the password: what is proven is the
 * flow, the client's auth flows and the claims of the ID token it issues.
 */
export async function signIn(access: EmulatorAccess, userPoolId: string, clientId: string, email: string, temporaryPassword: string, password: string): Promise<CognitoUserSession> {
  const pool = new CognitoUserPool({ UserPoolId: userPoolId, ClientId: clientId, endpoint: access.endpoint });
  const user = new CognitoUser({ Username: email, Pool: pool });
  return new Promise<CognitoUserSession>((resolve, reject) => {
    user.authenticateUser(new AuthenticationDetails({ Username: email, Password: temporaryPassword }), {
      onSuccess: resolve,
      onFailure: (error) => reject(new JourneyError({ principal: `user ${email}`, call: 'cognito-idp:InitiateAuth USER_SRP_AUTH' }, `sign-in failed: ${error?.message ?? error}`)),
      newPasswordRequired: () => user.completeNewPasswordChallenge(password, {}, {
        onSuccess: resolve,
        onFailure: (error) => reject(new JourneyError({ principal: `user ${email}`, call: 'cognito-idp:RespondToAuthChallenge NEW_PASSWORD_REQUIRED' }, `${error?.message ?? error}`)),
      }),
    });
  });
}

/**
 * The identity pool's exchange (`GetId`, `GetCredentialsForIdentity`, both unauthenticated calls):
 * the ID token of the pool's own provider buys a session of the authenticated role.
 */
export async function identityPoolCredentials(access: EmulatorAccess, identityPoolId: string, providerName: string, user: SignedInUser): Promise<Principal> {
  const client = new CognitoIdentityClient({ endpoint: access.endpoint, region: access.region, credentials: { accessKeyId: 'anonymous', secretAccessKey: 'anonymous' }, maxAttempts: 1 });
  const who = `user ${user.email} of ${user.accountId}`;
  try {
    const logins = { [providerName]: user.idToken };
    const { IdentityId } = await callAs(who, 'cognito-identity:GetId', 'cognito-identity:GetId', () => client.send(new GetIdCommand({ IdentityPoolId: identityPoolId, Logins: logins })));
    const out = await callAs(who, 'cognito-identity:GetCredentialsForIdentity', 'cognito-identity:GetCredentialsForIdentity',
      () => client.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: logins })));
    const c = out.Credentials!;
    return {
      name: `${who} (identity-pool role)`,
      credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretKey!, sessionToken: c.SessionToken! },
    };
  } finally {
    client.destroy();
  }
}
