import { IConstruct } from 'constructs';
import { ConfigurationError } from './errors';

/** A stage name: lower-case letter first, then lower-case letters, digits or '-'; 2–21 characters. */
export const STAGE_PATTERN = /^[a-z][a-z0-9-]{1,20}$/;

/** The stage used when neither `STAGE` nor the context key `stage` is set. */
export const DEFAULT_STAGE = 'main';

/**
 * Validates a stage name and returns it.
 *
 * @param source where the value came from, named in the error (e.g. "environment variable STAGE")
 */
export function validateStage(stage: string, source = 'stage'): string {
  if (!STAGE_PATTERN.test(stage)) {
    throw new ConfigurationError('InvalidStage',
      `stage '${stage}' (from ${source}) is invalid: use a lower-case letter followed by lower-case letters, ` +
      `digits and '-', 2–21 characters in all, matching ${STAGE_PATTERN} (for example: main, dev, pr-42)`,
    );
  }
  return stage;
}

/**
 * The stage of an app: the CDK context key `stage` when set, else the environment variable `STAGE`,
 * else `main`. Context wins because it is what `cdk --context stage=…` and `cdk.json` set explicitly.
 */
export function resolveStage(scope: IConstruct, env: NodeJS.ProcessEnv = process.env): string {
  const fromContext = scope.node.tryGetContext('stage');
  if (fromContext !== undefined) {
    if (typeof fromContext !== 'string') {
      throw new ConfigurationError('InvalidStage', `context key 'stage' must be a string, got ${JSON.stringify(fromContext)}: pass --context stage=<name>`);
    }
    return validateStage(fromContext, "CDK context key 'stage'");
  }
  if (env.STAGE !== undefined && env.STAGE !== '') {
    return validateStage(env.STAGE, 'environment variable STAGE');
  }
  return DEFAULT_STAGE;
}
