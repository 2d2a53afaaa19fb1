import { Duration, RemovalPolicy } from 'aws-cdk-lib/core';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as identitypool from 'aws-cdk-lib/aws-cognito-identitypool';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  ACCOUNT_ID_ATTRIBUTE, ACCOUNT_ID_CLAIM, ACCOUNT_ID_POLICY_VARIABLE, ACCOUNT_ID_PRINCIPAL_TAG, accountPrefix, accountUploadsPrefix,
} from '@listbackup/conventions';
import { Construct } from 'constructs';
import { validateAllProps } from '@listbackup/conventions';
import { userAuthRules, UserAuthSettings } from './private/validate-user-auth-props';

export interface UserAuthProps {
  /** The hosted-UI domain prefix, e.g. `listbackup-main`. */
  readonly domainPrefix: string;
  /** Where the OAuth code flow may return: https, or http on localhost. */
  readonly callbackUrls: readonly string[];
  /**
   * Where sign-out may return.
   * @default - the callback URLs
   */
  readonly logoutUrls?: readonly string[];
  /**
   * The data bucket, whose `accounts/<accountId>/` prefix the users of each account may use. When it
   * has an `encryptionKey` (SSE-KMS), signed-in users also get `kms:Decrypt` and
   * `kms:GenerateDataKey` on that key, without which S3 refuses them every object.
   */
  readonly dataBucket: s3.IBucket;
  /**
   * Whether users may sign themselves up.
   * @default false
   */
  readonly selfSignUpEnabled?: boolean;
  /**
   * Multi-factor authentication; the second factor is TOTP (authenticator apps) only.
   * @default cognito.Mfa.OPTIONAL
   */
  readonly mfa?: cognito.Mfa;
  /**
   * Minimum password length; passwords also need lower- and upper-case letters, digits and symbols.
   * @default 12
   */
  readonly passwordMinLength?: number;
  /**
   * Whether identities without a sign-in get (nothing-granting) credentials.
   * @default false
   */
  readonly allowUnauthenticatedIdentities?: boolean;
}

/** The S3 prefix of the signed-in user's account, in IAM policy variable form: `accounts/${aws:PrincipalTag/accountId}/`. */
export const USER_ACCOUNT_PREFIX = accountPrefix(ACCOUNT_ID_POLICY_VARIABLE);

/** Where signed-in users write, in IAM policy variable form: `accounts/${aws:PrincipalTag/accountId}/uploads/`. */
export const USER_UPLOADS_PREFIX = accountUploadsPrefix(ACCOUNT_ID_POLICY_VARIABLE);

/**
 * Sign-in for the ListBackup web app: a user pool (email sign-in, strong passwords, optional TOTP,
 * threat protection enforced, retained and deletion-protected), a web client without a secret
 * (SRP and the OAuth code flow), the hosted-UI domain, and an identity pool whose signed-in users
 * may use only their own account's prefix of the data bucket.
 *
 * Tenancy: the back end writes each user's `custom:accountId`; the identity pool maps that claim to
 * the session's principal tag `accountId` (attributes for access control), and the role's policy
 * names `accounts/${aws:PrincipalTag/accountId}/`: the same prefix the job worker writes results to.
 */
export class UserAuth extends Construct {
  public readonly userPool: cognito.UserPool;
  public readonly userPoolClient: cognito.UserPoolClient;
  public readonly userPoolDomain: cognito.UserPoolDomain;
  public readonly identityPool: identitypool.IdentityPool;
  /** Maps the ID token's `custom:accountId` claim to the session tag `accountId`. */
  public readonly accountPrincipalTag: cognito.CfnIdentityPoolPrincipalTag;
  /** What signed-in identities may do: their own account's prefix of the data bucket. */
  public readonly ownPrefixPolicy: iam.ManagedPolicy;
  /** The objects a signed-in user may read: `arn:…:s3:::<bucket>/accounts/${aws:PrincipalTag/accountId}/*`. */
  public readonly ownObjectsArn: string;
  /** The objects a signed-in user may write: `arn:…:s3:::<bucket>/accounts/${aws:PrincipalTag/accountId}/uploads/*`. */
  public readonly ownUploadsArn: string;

  constructor(scope: Construct, id: string, props: UserAuthProps) {
    const passwordMinLength = props.passwordMinLength ?? 12;
    const logoutUrls = props.logoutUrls ?? props.callbackUrls;
    const settings: UserAuthSettings = {
      domainPrefix: props.domainPrefix, callbackUrls: props.callbackUrls, logoutUrls: props.logoutUrls ?? [],
      passwordMinLength,
    };
    // Checked before super(): an invalid UserAuth never joins the tree.
    validateAllProps(scope, id, settings, userAuthRules(settings), { construct: 'UserAuth', subject: 'user auth settings' });
    super(scope, id);

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      signInAliases: { email: true },
      autoVerify: { email: true },
      keepOriginal: { email: true },
      selfSignUpEnabled: props.selfSignUpEnabled,
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      customAttributes: {
        [ACCOUNT_ID_ATTRIBUTE]: new cognito.StringAttribute({ mutable: true }),
        role: new cognito.StringAttribute({ mutable: true }),
      },
      passwordPolicy: {
        minLength: passwordMinLength,
        requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: props.mfa ?? cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // The account and role attributes decide what a user may do: only the back end writes them.
    const standardWritable = { email: true, givenName: true, familyName: true };
    this.userPoolClient = this.userPool.addClient('WebClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ ...standardWritable, emailVerified: true })
        .withCustomAttributes(ACCOUNT_ID_ATTRIBUTE, 'role'),
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes(standardWritable),
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [...props.callbackUrls],
        logoutUrls: [...logoutUrls],
      },
    });
    this.userPoolDomain = this.userPool.addDomain('Domain', { cognitoDomain: { domainPrefix: props.domainPrefix } });

    this.identityPool = new identitypool.IdentityPool(this, 'IdentityPool', {
      allowUnauthenticatedIdentities: props.allowUnauthenticatedIdentities ?? false,
      authenticationProviders: {
        userPools: [new identitypool.UserPoolAuthenticationProvider({ userPool: this.userPool, userPoolClient: this.userPoolClient })],
      },
    });
    this.accountPrincipalTag = this.tagSessionsWithAccount();
    this.ownObjectsArn = props.dataBucket.arnForObjects(`${USER_ACCOUNT_PREFIX}*`);
    this.ownUploadsArn = props.dataBucket.arnForObjects(`${USER_UPLOADS_PREFIX}*`);
    this.ownPrefixPolicy = this.grantOwnPrefix(this.identityPool.authenticatedRole, props.dataBucket);
  }

  /**
   * Attributes for access control: the identity pool puts `accountId` (from the ID token's
   * `custom:accountId`) on every signed-in session, which needs `sts:TagSession` in the role's trust
   * policy next to `sts:AssumeRoleWithWebIdentity`, under the same audience and `amr` conditions.
   * ("Using attributes for access control", Amazon Cognito identity pools developer guide.)
   */
  private tagSessionsWithAccount(): cognito.CfnIdentityPoolPrincipalTag {
    const role = this.identityPool.authenticatedRole as iam.Role;
    role.assumeRolePolicy!.addStatements(new iam.PolicyStatement({
      actions: ['sts:TagSession'],
      principals: [new iam.FederatedPrincipal('cognito-identity.amazonaws.com')],
      conditions: {
        'StringEquals': { 'cognito-identity.amazonaws.com:aud': this.identityPool.identityPoolId },
        'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
      },
    }));
    return new cognito.CfnIdentityPoolPrincipalTag(this, 'AccountPrincipalTag', {
      identityPoolId: this.identityPool.identityPoolId,
      identityProviderName: this.userPool.userPoolProviderName,
      principalTags: { [ACCOUNT_ID_PRINCIPAL_TAG]: ACCOUNT_ID_CLAIM },
      useDefaults: false,
    });
  }

  /**
   * A signed-in user may list and read everything under `accounts/<their accountId>/` of the data
   * bucket and write or delete under its `uploads/`, and nothing else: `s3:ListBucket` with an
   * `s3:prefix` condition, `s3:GetObject` on the account prefix, `s3:PutObject` and
   * `s3:DeleteObject` on its uploads; with SSE-KMS, `kms:Decrypt` and `kms:GenerateDataKey` on the
   * bucket key. A session without the `accountId` tag matches none of these resources.
   */
  private grantOwnPrefix(role: iam.IRole, bucket: s3.IBucket): iam.ManagedPolicy {
    const statements = [
      new iam.PolicyStatement({
        sid: 'ListOwnAccount',
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${USER_ACCOUNT_PREFIX}*`] } },
      }),
      new iam.PolicyStatement({ sid: 'ReadOwnAccount', actions: ['s3:GetObject'], resources: [this.ownObjectsArn] }),
      new iam.PolicyStatement({ sid: 'WriteOwnUploads', actions: ['s3:PutObject', 's3:DeleteObject'], resources: [this.ownUploadsArn] }),
    ];
    if (bucket.encryptionKey) {
      statements.push(new iam.PolicyStatement({
        sid: 'UseDataBucketKey', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [bucket.encryptionKey.keyArn],
      }));
    }
    // A managed policy rather than an inline one: it is versioned and can be reviewed on its own.
    return new iam.ManagedPolicy(this, 'OwnPrefixPolicy', {
      description: 'Signed-in users: their own account\'s accounts/<accountId>/ prefix of the data bucket',
      statements,
      roles: [role],
    });
  }
}
