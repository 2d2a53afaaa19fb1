import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as identitypool from 'aws-cdk-lib/aws-cognito-identitypool';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { validateUserAuthSettings } from './private/validate-user-auth-props';

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
  /** The bucket (a name, not an ARN) whose `accounts/<identity id>/` prefix each user may use. */
  readonly dataBucketName: string;
  /**
   * The customer key of the data bucket, when it is SSE-KMS: authenticated users then also get
   * `kms:Decrypt` and `kms:GenerateDataKey` on it.
   * @default - none: the bucket needs no key permission (SSE-S3)
   */
  readonly dataBucketKeyArn?: string;
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

/** The S3 prefix a signed-in identity owns, in IAM policy variable form. */
export const USER_DATA_PREFIX = 'accounts/${cognito-identity.amazonaws.com:sub}/';

/**
 * Sign-in for the ListBackup web app: a user pool (email sign-in, strong passwords, optional TOTP,
 * threat protection enforced, retained and deletion-protected), a web client without a secret
 * (SRP and the OAuth code flow), the hosted-UI domain, and an identity pool whose signed-in users
 * may use only their own prefix of the data bucket.
 */
export class UserAuth extends Construct {
  public readonly userPool: cognito.UserPool;
  public readonly userPoolClient: cognito.UserPoolClient;
  public readonly userPoolDomain: cognito.UserPoolDomain;
  public readonly identityPool: identitypool.IdentityPool;
  /** What signed-in identities may do: their own prefix of the data bucket. */
  public readonly ownPrefixPolicy: iam.ManagedPolicy;
  /** The objects a signed-in identity may use: `arn:…:s3:::<bucket>/accounts/${cognito-identity.amazonaws.com:sub}/*`. */
  public readonly ownObjectsArn: string;

  constructor(scope: Construct, id: string, props: UserAuthProps) {
    super(scope, id);
    const passwordMinLength = props.passwordMinLength ?? 12;
    const logoutUrls = props.logoutUrls ?? props.callbackUrls;
    validateUserAuthSettings(this, {
      domainPrefix: props.domainPrefix, callbackUrls: props.callbackUrls, logoutUrls: props.logoutUrls ?? [],
      dataBucketName: props.dataBucketName, passwordMinLength,
    });

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      signInAliases: { email: true },
      autoVerify: { email: true },
      keepOriginal: { email: true },
      selfSignUpEnabled: props.selfSignUpEnabled,
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      customAttributes: {
        accountId: new cognito.StringAttribute({ mutable: true }),
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
        .withCustomAttributes('accountId', 'role'),
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
    const bucketArn = Stack.of(this).formatArn({ service: 's3', region: '', account: '', resource: props.dataBucketName });
    this.ownObjectsArn = `${bucketArn}/${USER_DATA_PREFIX}*`;
    this.ownPrefixPolicy = this.grantOwnPrefix(this.identityPool.authenticatedRole, bucketArn, props.dataBucketKeyArn);
  }

  /**
   * A signed-in identity may list, read, write and delete objects under
   * `accounts/<its identity id>/` of the data bucket, and nothing else: `s3:ListBucket` with an
   * `s3:prefix` condition, `s3:GetObject`, `s3:PutObject`, `s3:DeleteObject` on that prefix.
   */
  private grantOwnPrefix(role: iam.IRole, bucketArn: string, keyArn?: string): iam.ManagedPolicy {
    const statements = [
      new iam.PolicyStatement({
        sid: 'ListOwnPrefix',
        actions: ['s3:ListBucket'],
        resources: [bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${USER_DATA_PREFIX}*`] } },
      }),
      new iam.PolicyStatement({
        sid: 'UseOwnObjects',
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        resources: [this.ownObjectsArn],
      }),
    ];
    if (keyArn) {
      statements.push(new iam.PolicyStatement({ sid: 'UseDataBucketKey', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [keyArn] }));
    }
    // A managed policy rather than an inline one: it is versioned and can be reviewed on its own.
    return new iam.ManagedPolicy(this, 'OwnPrefixPolicy', {
      description: 'Signed-in users: their own accounts/<identity id>/ prefix of the data bucket',
      statements,
      roles: [role],
    });
  }
}
