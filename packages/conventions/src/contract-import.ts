import { Construct, IConstruct } from 'constructs';
import { ServiceContract } from './contract';
import { ConfigurationError } from './errors';

/**
 * The imports of one service's contract in one stage, below one scope: a construct whose id is the
 * producing stack's name (`<service>-<stage>`), holding each imported resource once. Each
 * infrastructure package's `Imported<Kind>` extends it, so all five are reached the same way,
 * `<Kind>Contract.import(scope, stage)`, and two stages imported into one scope never share a resource.
 */
export abstract class ContractImport<Name extends string> extends Construct {
  constructor(
    scope: Construct,
    id: string,
    /** The contract whose exports this reads. */
    public readonly contract: ServiceContract<Name>,
    /** The stage of the producing stack. */
    public readonly stage: string,
  ) {
    super(scope, id);
  }

  /** `Fn::ImportValue` of one export of the contract in this stage. */
  protected importValue(name: Name): string {
    return this.contract.importValue(this.stage, name);
  }

  /** The child `id`, made by `create` the first time it is asked for, so each resource is imported once. */
  protected once<T extends IConstruct>(id: string, create: (scope: Construct, id: string) => T): T {
    return (this.node.tryFindChild(id) as T | undefined) ?? create(this, id);
  }
}

/**
 * The import of `contract` in `stage` below `scope`: the one already there, else the one `create`
 * makes with the id it is given (the producing stack's name). Throws for an invalid stage.
 */
export function importContract<Name extends string, T extends ContractImport<Name>>(
  scope: Construct, contract: ServiceContract<Name>, stage: string, create: (scope: Construct, id: string) => T,
): T {
  const id = contract.stackName(stage);
  const existing = scope.node.tryFindChild(id);
  if (existing === undefined) return create(scope, id);
  if (existing instanceof ContractImport && existing.contract === contract) return existing as T;
  throw new ConfigurationError('InvalidName',
    `${scope.node.path || '(app)'}: the id '${id}' is taken by another construct, and the imports of ` +
    `${contract.service} in stage ${stage} need it: rename that construct`);
}
