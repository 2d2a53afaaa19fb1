/*
 * An in-memory AWS STS for the CDK bootstrap roles. It follows the AWS Security Token Service API
 * Reference (GetCallerIdentity, AssumeRole: "AccessDenied" when the role's trust policy does not
 * admit the caller, an ExternalId the trust policy requires) and is attached, like the
 * CloudFormation fake, as middleware in the SDK's deserialize step.
 */
import { STSClient } from '@aws-sdk/client-sts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each command reads its input by the field names of the service's API reference
type Input = Record<string, any>;

function awsError(name: string, message: string, status = 403): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: status } });
}

/** The access key id a signed request was made with (the `Credential=` of its Authorization header). */
export function accessKeyOf(request: unknown): string | undefined {
  const headers = (request as { headers?: Record<string, string> })?.headers ?? {};
  return /Credential=([^/]+)\//.exec(headers.authorization ?? headers.Authorization ?? '')?.[1];
}

export interface FakeRole {
  /** Principals (caller ARNs) the role's trust policy admits. @default the account's own principals */
  readonly trusts?: readonly string[];
  /** `sts:ExternalId` the trust policy requires. */
  readonly externalId?: string;
}

export class FakeSts {
  public readonly calls: { command: string; input: Input; accessKeyId?: string }[] = [];
  private readonly roles = new Map<string, FakeRole>();
  private readonly sessions = new Map<string, string>();

  /**
   * @param callerArn who the base credentials are
   */
  constructor(public readonly callerArn = 'arn:aws:iam::123456789012:user/deployer') {}

  public get account(): string {
    return /^arn:[^:]+:(?:iam|sts)::(\d+):/.exec(this.callerArn)![1];
  }

  /** A role that exists (as `cdk bootstrap` creates them). */
  public addRole(roleArn: string, role: FakeRole = {}): this {
    this.roles.set(roleArn, role);
    return this;
  }

  /** The role an access key id was issued for by AssumeRole, or undefined for the base credentials. */
  public roleOf(accessKeyId: string | undefined): string | undefined {
    return accessKeyId ? this.sessions.get(accessKeyId) : undefined;
  }

  public attach(client: unknown): void {
    if (!(client instanceof STSClient)) return;
    client.middlewareStack.add((_next, context) => async (args) => {
      const command = String(context.commandName).replace(/Command$/, '');
      const accessKeyId = accessKeyOf(args.request);
      this.calls.push({ command, input: args.input as Input, accessKeyId });
      const output = this.handle(command, args.input as Input, accessKeyId);
      return { output: { ...output, $metadata: { httpStatusCode: 200 } }, response: {} };
    }, { step: 'deserialize', name: 'fakeSts', priority: 'high' });
  }

  private handle(command: string, input: Input, accessKeyId: string | undefined): Record<string, unknown> {
    const caller = this.roleOf(accessKeyId) ? `arn:aws:sts::${this.account}:assumed-role/${this.roleOf(accessKeyId)!.split('/').pop()}/session` : this.callerArn;
    switch (command) {
      case 'GetCallerIdentity': return { Account: /::(\d+):/.exec(caller)![1], Arn: caller, UserId: 'AIDAFAKE' };
      case 'AssumeRole': {
        const role = this.roles.get(input.RoleArn);
        const roleAccount = /::(\d+):/.exec(input.RoleArn)?.[1];
        const trusted = role && (role.trusts ? role.trusts.includes(caller) : roleAccount === this.account);
        if (!role || !trusted || (role.externalId !== undefined && role.externalId !== input.ExternalId)) {
          throw awsError('AccessDenied', `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`);
        }
        const key = `ASIAFAKE${String(this.sessions.size + 1).padStart(8, '0')}`;
        this.sessions.set(key, input.RoleArn);
        return {
          Credentials: { AccessKeyId: key, SecretAccessKey: 'fake-secret', SessionToken: 'fake-token', Expiration: new Date(Date.now() + 3600_000) },
          AssumedRoleUser: { Arn: `arn:aws:sts::${roleAccount}:assumed-role/${input.RoleArn.split('/').pop()}/${input.RoleSessionName}`, AssumedRoleId: `AROAFAKE:${input.RoleSessionName}` },
        };
      }
      default: throw awsError('NotImplemented', `the STS fake does not implement ${command}`, 400);
    }
  }
}
