import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib/core';

/** One finding of one rule on one construct, as the validation report has it. */
export interface PolicyFinding {
  readonly pack: string;
  /** The id an acknowledgement names: `ListBackup-IAMNoWildcardAction[Action::s3:*]`. */
  readonly ruleId: string;
  /** The rule without the finding: `ListBackup-IAMNoWildcardAction`. */
  readonly rule: string;
  /** The named finding of a rule that reports several (`Action::s3:*`), if any. */
  readonly finding?: string;
  readonly severity: string;
  readonly description: string;
  readonly constructPath: string;
  /** Where the offending construct was created (`file:line:column`, or `file:line`), when known. */
  readonly location?: string;
}

/** An acknowledgement recorded on a construct with `Validations.of(c).acknowledge(...)`. */
export interface PolicyAcknowledgement {
  readonly ruleId: string;
  readonly constructPath: string;
  readonly reason: string;
  /** Where `acknowledge` was called (`file:line:column`), when known. */
  readonly location?: string;
}

/** Everything the policy pass said about an app. */
export interface PolicyResult {
  readonly findings: PolicyFinding[];
  readonly acknowledgements: PolicyAcknowledgement[];
  readonly errors: PolicyFinding[];
  readonly warnings: PolicyFinding[];
}

interface RawReport {
  pluginReports?: Array<{
    pluginName: string;
    violations: Array<{
      ruleName: string;
      description: string;
      severity?: string;
      violatingConstructs?: Array<{ constructPath: string; stackTraces?: string[] }>;
    }>;
  }>;
}

/** Reads `validation-report.json` and the acknowledgements in a cloud assembly directory. */
export function readPolicyResult(assemblyDir: string): PolicyResult {
  const reportFile = path.join(assemblyDir, 'validation-report.json');
  const raw: RawReport = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf8')) : {};
  const findings: PolicyFinding[] = [];
  for (const plugin of raw.pluginReports ?? []) {
    for (const violation of plugin.violations) {
      for (const construct of violation.violatingConstructs ?? []) {
        const [, rule, finding] = /^([^[]+)(?:\[(.*)\])?$/s.exec(violation.ruleName) ?? [];
        findings.push({
          pack: plugin.pluginName,
          ruleId: violation.ruleName,
          rule: rule ?? violation.ruleName,
          finding,
          severity: violation.severity ?? 'error',
          description: violation.description,
          constructPath: construct.constructPath,
          location: userLocation(construct.stackTraces),
        });
      }
    }
  }
  return {
    findings,
    acknowledgements: readAcknowledgements(assemblyDir),
    errors: findings.filter((f) => f.severity === 'error'),
    warnings: findings.filter((f) => f.severity === 'warning'),
  };
}

/** Acknowledgements live in each stack's metadata as `aws:cdk:acknowledged-rules`. */
function readAcknowledgements(assemblyDir: string): PolicyAcknowledgement[] {
  if (!fs.existsSync(assemblyDir)) return [];
  const out: PolicyAcknowledgement[] = [];
  for (const file of fs.readdirSync(assemblyDir).filter((f) => f.endsWith('.metadata.json'))) {
    const metadata: Record<string, Array<{ type: string; data: unknown; trace?: string[] }>> =
      JSON.parse(fs.readFileSync(path.join(assemblyDir, file), 'utf8'));
    for (const [constructPath, entries] of Object.entries(metadata)) {
      for (const entry of entries.filter((e) => e.type === 'aws:cdk:acknowledged-rules')) {
        for (const [key, reason] of Object.entries(entry.data as Record<string, string>)) {
          out.push({
            ruleId: key.replace(/^annotation::/i, ''),
            constructPath: constructPath.replace(/^\//, ''),
            reason,
            location: userLocation(entry.trace ? [entry.trace.join('\n')] : undefined),
          });
        }
      }
    }
  }
  return out;
}

/** The first stack frame outside node_modules and node internals: where our code made the construct. */
function userLocation(stackTraces: string[] | undefined): string | undefined {
  for (const trace of stackTraces ?? []) {
    for (const line of trace.split('\n')) {
      // `fn (file:line:col)`, `file:line:col`, or CDK's form for anonymous functions: `file:line (:)`.
      const match = /^(\S+:\d+) \(:\)$/.exec(line.trim()) ?? /\(?([^()\s]+:\d+:\d+)\)?\s*$/.exec(line.trim());
      if (match && !line.includes('node_modules') && !line.startsWith('...')) return match[1];
    }
  }
  return undefined;
}

/**
 * Synthesizes an app that has the policy packs applied and returns what they found.
 * `ValidationFailed` (an unacknowledged error) is expected here and read from the report;
 * any other synth error is rethrown.
 */
export function synthPolicyResult(app: App): PolicyResult {
  try {
    app.synth();
  } catch (error) {
    // Matched by name: under jest the error may come from another realm's Error class.
    if ((error as { name?: string })?.name !== 'ValidationFailed') throw error;
  }
  return readPolicyResult(app.outdir);
}

/** `<rule> <construct path> <description>` lines, to show findings in a failing test. */
export function describeFindings(findings: PolicyFinding[]): string {
  return findings.map((f) => `${f.ruleId} ${f.constructPath}: ${f.description.slice(0, 120)}`).join('\n');
}
