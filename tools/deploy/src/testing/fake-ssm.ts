/*
 * An in-memory SSM Parameter Store, for what a deploy reads and writes there: the CDK bootstrap
 * version and the deploy ledger. It follows the AWS Systems Manager API Reference (GetParameter,
 * PutParameter, GetParametersByPath, DeleteParameter; errors ParameterNotFound,
 * ParameterAlreadyExists, ValidationException, AccessDeniedException). Like the CloudFormation fake it is SDK middleware in
 * the deserialize step, so the SDK's serialization and retry strategy run. One fake holds the
 * parameters of every region, keyed by the region of the client that calls.
 */
import { SSMClient } from '@aws-sdk/client-ssm';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each command reads its input by the field names of SSM API reference
type Input = Record<string, any>;

export const SSM_MUTATING_COMMANDS = new Set(['PutParameter', 'DeleteParameter']);

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } });
}

interface StoredParameter { value: string; type: string; version: number; lastModifiedDate: Date }

export class FakeSsm {
  /** Every call, with the region of the client that made it. */
  public readonly calls: { command: string; region: string; input: Input }[] = [];
  private readonly parameters = new Map<string, StoredParameter>();
  /** Parameters whose PutParameter answers AccessDeniedException. */
  private readonly deniedWrites = new Set<string>();

  /** Puts a parameter directly (test set-up: a bootstrap version, a hand-made ledger entry). */
  public seed(region: string, name: string, value: string): void {
    this.parameters.set(`${region}|${name}`, { value, type: 'String', version: 1, lastModifiedDate: new Date() });
  }

  /** Seeds `/cdk-bootstrap/<qualifier>/version` in each region. */
  public bootstrap(regions: readonly string[], version = 30, qualifier = 'hnb659fds'): void {
    for (const region of regions) this.seed(region, `/cdk-bootstrap/${qualifier}/version`, String(version));
  }

  public value(region: string, name: string): string | undefined {
    return this.parameters.get(`${region}|${name}`)?.value;
  }

  /** PutParameter of this name answers AccessDeniedException. */
  public denyWrites(name: string): void {
    this.deniedWrites.add(name);
  }

  /** The mutating calls made, as `Command name`. */
  public mutations(): string[] {
    return this.calls.filter((c) => SSM_MUTATING_COMMANDS.has(c.command)).map((c) => `${c.command} ${c.input.Name}`);
  }

  public attach(client: unknown): void {
    if (!(client instanceof SSMClient)) return;
    const stack = client.middlewareStack as unknown as { add: (m: (next: unknown, context: { commandName?: string }) => (args: { input: unknown }) => Promise<unknown>, o: object) => void };
    stack.add((_next, context) => async (args) => {
      const command = String(context.commandName).replace(/Command$/, '');
      const region = await (client.config.region as () => Promise<string>)();
      this.calls.push({ command, region, input: args.input as Input });
      const output = this.handle(command, region, args.input as Input);
      return { output: { ...output, $metadata: { httpStatusCode: 200 } }, response: {} };
    }, { step: 'deserialize', name: 'fakeSsm', priority: 'high' });
  }

  private handle(command: string, region: string, input: Input): Record<string, unknown> {
    const key = (name: string) => `${region}|${name}`;
    switch (command) {
      case 'GetParameter': {
        const p = this.parameters.get(key(input.Name));
        if (!p) throw awsError('ParameterNotFound', '');
        return { Parameter: { Name: input.Name, Type: p.type, Value: p.value, Version: p.version, LastModifiedDate: p.lastModifiedDate } };
      }
      case 'PutParameter': {
        if (this.deniedWrites.has(input.Name)) {
          throw awsError('AccessDeniedException', `User: arn:aws:iam::123456789012:user/deployer is not authorized to perform: ssm:PutParameter on resource: ${input.Name}`);
        }
        if (typeof input.Value !== 'string' || input.Value.length === 0) throw awsError('ValidationException', 'Parameter value must not be empty');
        // Standard tier: at most 4 KB a value.
        if (Buffer.byteLength(input.Value) > 4096) throw awsError('ValidationException', 'Standard tier parameters support a maximum parameter value of 4096 characters.');
        const existing = this.parameters.get(key(input.Name));
        if (existing && !input.Overwrite) throw awsError('ParameterAlreadyExists', 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.');
        const version = (existing?.version ?? 0) + 1;
        this.parameters.set(key(input.Name), { value: input.Value, type: input.Type ?? existing?.type ?? 'String', version, lastModifiedDate: new Date() });
        return { Version: version, Tier: 'Standard' };
      }
      case 'DeleteParameter': {
        if (!this.parameters.delete(key(input.Name))) throw awsError('ParameterNotFound', '');
        return {};
      }
      case 'GetParametersByPath': {
        const path = String(input.Path).endsWith('/') ? input.Path : `${input.Path}/`;
        const names = [...this.parameters.keys()].filter((k) => k.startsWith(`${region}|${path}`))
          .map((k) => k.slice(region.length + 1))
          .filter((n) => input.Recursive || !n.slice(path.length).includes('/')).sort();
        const start = Number(input.NextToken ?? 0);
        const size = Math.min(Number(input.MaxResults ?? 10), 10);
        const page = names.slice(start, start + size);
        return {
          Parameters: page.map((n) => { const p = this.parameters.get(key(n))!; return { Name: n, Type: p.type, Value: p.value, Version: p.version, LastModifiedDate: p.lastModifiedDate }; }),
          NextToken: start + size < names.length ? String(start + size) : undefined,
        };
      }
      default: throw awsError('NotImplemented', `the SSM fake does not implement ${command}`);
    }
  }
}
