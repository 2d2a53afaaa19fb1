import { App, AppProps, Aspects } from 'aws-cdk-lib';
import { COMMON_CONTEXT_KEYS, parseTags, validateContextKeys } from './context';
import { StackLimitsAspect } from './limits';
import { resolveStage } from './stage';

export interface ListBackupAppProps extends AppProps {
  /**
   * Context keys this app accepts besides `stage` and `tags`, each with a one-line description
   * that appears in the error for an unknown key.
   * @default - none
   */
  readonly contextKeys?: Record<string, string>;
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

  constructor(props: ListBackupAppProps = {}) {
    const { contextKeys, ...appProps } = props;
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
    Aspects.of(this).add(new StackLimitsAspect());
  }
}
