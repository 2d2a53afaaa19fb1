import { Project } from 'projen';
import { StackPackage } from './stack-package';
import { WorkspacePackage } from './workspace-package';

export interface InfraPackageOptions {
  readonly parent: Project;
  /** `dynamodb`, `s3`, …: the folder under `packages/` and the service `listbackup-infrastructure-<kind>`. */
  readonly kind: string;
  readonly description: string;
  /** The naming/stage/tag conventions package. */
  readonly conventions: WorkspacePackage;
  /** The policy packs, needed by the app entry and the tests. */
  readonly policy: WorkspacePackage;
  /**
   * Infrastructure packages whose exports this package's stack imports. Only its app entry and
   * tests read their contracts (a development dependency): the construct library stays free of
   * them, and nx deploys this stack after theirs.
   * @default - none
   */
  readonly importsFrom?: InfraPackage[];
}

/**
 * One per-resource infrastructure package: a reusable construct library (aws-cdk-lib and
 * constructs as peers, so a consumer's copy is used) and the app entry of its own stack.
 * Its library depends on `conventions` only; `policy`, cdk-nag and the contracts of the stacks it
 * imports from are for its app entry and tests.
 */
export class InfraPackage extends StackPackage {
  /** The kind of infrastructure, one of the conventions' `INFRASTRUCTURE_KINDS`. */
  public readonly kind: string;

  constructor(options: InfraPackageOptions) {
    super({
      parent: options.parent,
      outdir: `packages/${options.kind}`,
      name: options.kind,
      description: options.description,
      scope: 'infrastructure',
      peerDeps: ['aws-cdk-lib', 'constructs'],
      devDeps: ['cdk-nag'],
      workspaceDeps: [options.conventions],
      workspaceDevDeps: [options.policy, ...(options.importsFrom ?? [])],
    });
    this.kind = options.kind;
  }
}

/**
 * Fails synth unless there is exactly one infrastructure package per kind of the conventions'
 * `INFRASTRUCTURE_KINDS`, in the same order (the deploy order every tool derives from that list).
 */
export function checkInfrastructureKinds(packages: readonly InfraPackage[], kinds: readonly string[]): void {
  const declared = packages.map((p) => p.kind);
  if (declared.join(',') === kinds.join(',')) return;
  const missing = kinds.filter((k) => !declared.includes(k));
  const extra = declared.filter((k) => !kinds.includes(k));
  throw new Error(
    `the infrastructure packages of .projenrc.ts (${declared.join(', ')}) disagree with INFRASTRUCTURE_KINDS in ` +
    `packages/conventions/src/naming.ts (${kinds.join(', ')})` +
    (missing.length ? `; no package for: ${missing.join(', ')}` : '') +
    (extra.length ? `; not a kind: ${extra.join(', ')}` : '') +
    (!missing.length && !extra.length ? '; the order differs' : '') +
    ': add the kind to INFRASTRUCTURE_KINDS and an infra(...) call to the infrastructure list, in the same order',
  );
}
