import { App, AppProps, Aspects, DefaultStackSynthesizer, IAspect, Stack } from 'aws-cdk-lib/core';
import { IConstruct } from 'constructs';
import { COMMON_CONTEXT_KEYS, parseTags, validateContextKeys } from './context';
import { DEFAULT_BOOTSTRAP_QUALIFIER, ENVIRONMENT_METADATA_TYPE, ENVIRONMENTS, ResolvedEnvironment, resolveEnvironment, StageEnvironment, stackEnvironmentOf, validateEnvironments } from './environments';
import { StackLimitsAspect } from './limits';
import { resolveStage } from './stage';

export interface ListBackupAppProps extends AppProps {
  /**
   * Context keys this app accepts besides `stage` and `tags`, each with a one-line description
   * that appears in the error for an unknown key.
   * @default - none
   */
  readonly contextKeys?: Record<string, string>;
  /**
   * The stages that are real environments (account, regions, bootstrap qualifier, protection).
   * @default ENVIRONMENTS
   */
  readonly environments?: Readonly<Record<string, StageEnvironment>>;
}

/**
 * A CDK app that refuses bad configuration before anything is synthesized: an invalid stage,
 * an unknown context key (a typo such as `stgae` would otherwise be silently ignored), or
 * malformed extra tags. The cloud assembly goes to `cdk.out` unless the CDK CLI says otherwise.
 */
export class ListBackupApp extends App {
  /** The validated stage. */
  public readonly stage: string;
  /** Extra tags from the context key `tags`. */
  public readonly extraTags: Record<string, string>;
  /** The stage's environment, or undefined for a stage the catalog does not list. */
  public readonly environment?: ResolvedEnvironment;
  /**
   * The `env` every stack of this app takes: the stage's account and region when it has exactly
   * one of each; undefined (environment-agnostic) otherwise, as StackSet templates must be.
   */
  public readonly stackEnv?: { readonly account: string; readonly region: string };

  constructor(props: ListBackupAppProps = {}) {
    const { contextKeys, environments, ...appProps } = props;
    super({
      outdir: process.env.CDK_OUTDIR ?? 'cdk.out',
      // cfn-lint validates every synthesized template (more thoroughly) in the compliance report;
      // CDK's built-in CloudFormation validation would repeat it at ~1.2 s of every synth.
      builtinCloudFormationValidation: false,
      ...appProps,
    });
    const known = { ...COMMON_CONTEXT_KEYS, ...contextKeys };
    validateContextKeys(this.node.getAllContext(), known);
    this.stage = resolveStage(this);
    this.extraTags = parseTags(this.node.tryGetContext('tags'));
    const catalog = environments ?? ENVIRONMENTS;
    validateEnvironments(catalog);
    this.environment = resolveEnvironment(this.stage, catalog);
    this.stackEnv = stackEnvironmentOf(this.environment);
    Aspects.of(this).add(new StackLimitsAspect());
    if (this.environment) Aspects.of(this).add(new StageEnvironmentAspect(this.environment));
  }

  /**
   * What each stack of the app takes from the stage's environment: its `env`, and a synthesizer
   * with the stage's bootstrap qualifier when that is not the CDK's default. A new object each
   * call: a synthesizer binds to one stack.
   */
  public get stackProps(): { env?: { account: string; region: string }; synthesizer?: DefaultStackSynthesizer } {
    const qualifier = this.environment?.bootstrapQualifier;
    return {
      ...(this.stackEnv ? { env: { ...this.stackEnv } } : {}),
      ...(qualifier && qualifier !== DEFAULT_BOOTSTRAP_QUALIFIER ? { synthesizer: new DefaultStackSynthesizer({ qualifier }) } : {}),
    };
  }
}

/**
 * Writes the stage's environment into each stack's manifest entry (metadata, not a tag: a tag would
 * reach every resource), where the deploy tool reads it; a protected stage's stacks get termination
 * protection.
 */
class StageEnvironmentAspect implements IAspect {
  constructor(private readonly environment: ResolvedEnvironment) {}

  public visit(node: IConstruct): void {
    if (!Stack.isStack(node)) return;
    node.node.addMetadata(ENVIRONMENT_METADATA_TYPE, this.environment);
    if (this.environment.protected) node.terminationProtection = true;
  }
}
