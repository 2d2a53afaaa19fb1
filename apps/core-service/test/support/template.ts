import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib/core';
import { Template } from 'aws-cdk-lib/assertions';
import { CoreServiceStack, CoreServiceStackProps } from '../../src';
import { importedExportNames } from '@listbackup/conventions';

export interface TempAppOptions {
  /**
   * Bundle the functions with esbuild, as `synth` does. Off, the template is the same but for each
   * function's asset hash; bundling costs about a second a function, and only the test of the
   * bundles themselves (stack-resources) reads them.
   * @default false
   */
  readonly bundle?: boolean;
}

/** A fresh app writing to its own temporary directory (the functions are bundled there when asked). */
export function tempApp(options: TempAppOptions = {}): App {
  return new App({
    outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'core-service-')),
    // No stack matches: CDK stages each function's source folder as it is, without running esbuild.
    context: options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] },
  });
}

export function coreTemplate(props: Partial<CoreServiceStackProps> = {}, options: TempAppOptions = {}): { stack: CoreServiceStack; template: Template } {
  const stack = new CoreServiceStack(tempApp(options), { stage: 'main', ...props });
  return { stack, template: Template.fromStack(stack) };
}

/** Every `Fn::ImportValue` name anywhere in a template. */
export function importedNames(template: unknown): Set<string> {
  return new Set(importedExportNames(template));
}

/**
 * A CloudFormation value written the way the policy tables below read: an import by its export
 * name (`import:<name>`), an attribute as `<logicalId>.<attr>`, a join flattened.
 */
export function render(value: unknown, logicalIdOf: (id: string) => string = (id) => id): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, unknown>;
  if ('Fn::ImportValue' in v) return `import:${v['Fn::ImportValue']}`;
  if ('Fn::GetAtt' in v) {
    const [id, attr] = v['Fn::GetAtt'] as [string, string];
    return `${logicalIdOf(id)}.${attr}`;
  }
  if ('Ref' in v) return `ref:${logicalIdOf(v.Ref as string)}`;
  if ('Fn::Join' in v) {
    const [sep, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map((p) => render(p, logicalIdOf)).join(sep);
  }
  throw new Error(`cannot render ${JSON.stringify(value)}`);
}

/** `[action, resource]` pairs of an IAM policy document, sorted: one row per grant. */
export function grantRows(document: { Statement: Array<Record<string, unknown>> }, logicalIdOf?: (id: string) => string): string[] {
  const rows: string[] = [];
  for (const statement of document.Statement) {
    if (statement.Effect !== 'Allow') throw new Error(`unexpected ${String(statement.Effect)} statement`);
    const actions = ([] as unknown[]).concat(statement.Action) as string[];
    const resources = ([] as unknown[]).concat(statement.Resource);
    for (const action of actions) for (const resource of resources) rows.push(`${action} ${render(resource, logicalIdOf)}`);
  }
  return rows.sort();
}
