import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, AppProps, Aspects, DefaultStackSynthesizer, IAspect, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { DEFAULT_BOOTSTRAP_QUALIFIER, ENVIRONMENT_METADATA_TYPE, ENVIRONMENTS, ResolvedEnvironment, resolveEnvironment, StageEnvironment, stackEnvironmentOf, validateEnvironments } from './environments';
import { CLOUDFORMATION_LIMITS, StackLimitsAspect } from './limits';
import { resolveStage, ConfigurationError } from './stage';

/** Context keys every ListBackup app understands, with what they mean. */
export const COMMON_CONTEXT_KEYS: Record<string, string> = {
  stage: `the stage to synthesize (also: environment variable STAGE); default main`,
  tags: 'extra tags for every resource, a JSON object of string values',
};

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

/**
 * Keys that the CDK itself puts in the context (feature flags, CLI settings, cached lookups).
 * They are namespaced (`@aws-cdk/…`, `aws:cdk:…`, `availability-zones:…`) or CLI-owned.
 */
function isCdkOwnedKey(key: string): boolean {
  return key.startsWith('@') || key.includes(':') || ['acknowledged-issue-numbers', 'cli-telemetry'].includes(key);
}

/** Throws one error naming every unknown context key, with the known ones and a likely fix. */
export function validateContextKeys(context: Record<string, unknown>, known: Record<string, string>): void {
  const unknown = Object.keys(context).filter((key) => !isCdkOwnedKey(key) && !(key in known));
  if (unknown.length === 0) return;
  const lines = unknown.map((key) => {
    const suggestion = closest(key, Object.keys(known));
    return `  - '${key}'${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`;
  });
  const knownLines = Object.entries(known).map(([key, description]) => `  ${key}: ${description}`);
  throw new ConfigurationError(
    `unknown CDK context key${unknown.length > 1 ? 's' : ''}:\n${lines.join('\n')}\n` +
    `remove ${unknown.length > 1 ? 'them' : 'it'} from --context / cdk.json / CDK_CONTEXT_JSON; this app knows:\n${knownLines.join('\n')}`,
  );
}

function parseTags(raw: unknown): Record<string, string> {
  if (raw === undefined) return {};
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new ConfigurationError(`context key 'tags' is not valid JSON: ${raw}; pass an object such as {"CostCenter":"backup"}`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) ||
      Object.values(value).some((v) => typeof v !== 'string')) {
    throw new ConfigurationError(`context key 'tags' must be an object of string values, such as {"CostCenter":"backup"}; got ${JSON.stringify(value)}`);
  }
  return value as Record<string, string>;
}

/** The known key within edit distance 2 of `key`, if any. */
function closest(key: string, candidates: string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(key, candidate);
    if (distance <= 2 && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

/**
 * Runs an app entry point: builds the app and synthesizes it. A configuration error is printed as
 * one clear message (no stack trace) and exits with status 1, before anything is written.
 */
export function runApp(build: () => App): void {
  try {
    const assembly = build().synth();
    for (const stack of assembly.stacks) {
      const bytes = fs.statSync(path.join(assembly.directory, stack.templateFile)).size;
      if (bytes > CLOUDFORMATION_LIMITS.templateBytes) {
        throw new ConfigurationError(
          `stack ${stack.stackName}: template is ${bytes} bytes; CloudFormation accepts ${CLOUDFORMATION_LIMITS.templateBytes}: ` +
          'split its catalog across more stacks');
      }
    }
  } catch (error) {
    if (error instanceof ConfigurationError) {
      process.stderr.write(`error: ${error.message}\n`);
      process.exit(1);
    }
    if (/^Validation failed with the following errors/.test((error as Error)?.message ?? '')) {
      // Construct validations (e.g. a stack over a CloudFormation quota): the message names each.
      process.stderr.write(`error: ${(error as Error).message}\n`);
      process.exit(1);
    }
    if ((error as { name?: string })?.name === 'ValidationFailed') {
      // The findings were printed above by the policy packs; say where the full report is.
      process.stderr.write(`error: policy checks failed with unacknowledged findings (${(error as Error).message})\n`);
      process.exit(1);
    }
    throw error;
  }
}
