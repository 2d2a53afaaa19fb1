import { CfnOutput, Fn } from 'aws-cdk-lib/core';
import { Construct } from 'constructs';
import { exportName, RESOURCE_NAME_PATTERN, stackName } from './naming';
import { ConfigurationError } from './errors';

/**
 * Both sides of one service's cross-stack contract: the names it exports, how the stack writes
 * them and how a consumer imports them. The stack and the importer share one instance, so an
 * export can only be renamed in one place, and the compiler checks every use of a name.
 */
export class ServiceContract<Name extends string> {
  constructor(
    /** The service, e.g. `listbackup-infrastructure-dynamodb`. */
    public readonly service: string,
    /** Every resource name this service exports, e.g. `UsersTableName`. */
    public readonly names: readonly Name[],
  ) {
    const invalid = names.filter((n) => !RESOURCE_NAME_PATTERN.test(n));
    const duplicated = names.filter((n, i) => names.indexOf(n) !== i);
    if (invalid.length || duplicated.length) {
      throw new ConfigurationError('InvalidContract',
        `contract of ${service} is invalid: ` +
        [invalid.length ? `names not in PascalCase: ${invalid.join(', ')}` : '',
          duplicated.length ? `names listed twice: ${duplicated.join(', ')}` : ''].filter(Boolean).join('; '),
      );
    }
  }

  /** The stack name of this service in a stage. */
  public stackName(stage: string): string {
    return stackName(this.service, stage);
  }

  /** The export name of one value in a stage. */
  public exportName(stage: string, name: Name): string {
    return exportName(this.service, stage, name);
  }

  /** Every export name of this service in a stage. */
  public exportNames(stage: string): string[] {
    return this.names.map((n) => this.exportName(stage, n));
  }

  /** Writes one export: a `CfnOutput` whose logical id is the resource name. */
  public export(scope: Construct, stage: string, name: Name, value: string, description?: string): CfnOutput {
    return new CfnOutput(scope, name, { value, exportName: this.exportName(stage, name), description });
  }

  /** Reads one export from another stack: `Fn::ImportValue` of the very same name. */
  public importValue(stage: string, name: Name): string {
    return Fn.importValue(this.exportName(stage, name));
  }
}
