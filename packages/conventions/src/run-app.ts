import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib/core';
import { ConfigurationError } from './errors';
import { CLOUDFORMATION_LIMITS } from './limits';

/** Where `runApp` writes its one-line errors. */
export interface RunAppOptions {
  /** @default process.stderr */
  readonly stderr?: { write(text: string): unknown };
}

/** The error CDK throws when a construct's own validation fails (`node.addValidation`). */
const CONSTRUCT_VALIDATION_FAILED = 'ValidationFailedWithErrors';
/** The error CDK throws when a policy-validation plugin (the cdk-nag packs) reports an error. */
const POLICY_VALIDATION_FAILED = 'ValidationFailed';

/** Throws when a synthesized template is over what CloudFormation accepts, even by TemplateURL. */
function checkTemplateSizes(app: App): void {
  const assembly = app.synth();
  for (const stack of assembly.stacks) {
    const bytes = fs.statSync(path.join(assembly.directory, stack.templateFile)).size;
    if (bytes > CLOUDFORMATION_LIMITS.templateBytes) {
      throw new ConfigurationError('TemplateTooLarge',
        `stack ${stack.stackName}: template is ${bytes} bytes; CloudFormation accepts ${CLOUDFORMATION_LIMITS.templateBytes}: ` +
        'split its catalog across more stacks');
    }
  }
}

/**
 * Runs an app entry point: builds the app and synthesizes it. A configuration error, a failed
 * construct validation or a failed policy check is written as one clear message (no stack trace)
 * and gives exit status 1; anything else is thrown. The caller owns the process:
 * `process.exitCode = runApp(() => …)`.
 *
 * @returns 0 when the app synthesized, 1 when it was refused
 */
export function runApp(build: () => App, options: RunAppOptions = {}): number {
  const stderr = options.stderr ?? process.stderr;
  try {
    checkTemplateSizes(build());
    return 0;
  } catch (error) {
    const name = (error as { name?: string } | undefined)?.name;
    if (ConfigurationError.isConfigurationError(error) || name === CONSTRUCT_VALIDATION_FAILED) {
      // Construct validations (e.g. a stack over a CloudFormation quota): the message names each.
      stderr.write(`error: ${(error as Error).message}\n`);
      return 1;
    }
    if (name === POLICY_VALIDATION_FAILED) {
      // The findings were printed above by the policy packs; say where the full report is.
      stderr.write(`error: policy checks failed with unacknowledged findings (${(error as Error).message})\n`);
      return 1;
    }
    throw error;
  }
}
