import { PolicyAcknowledgement, PolicyFinding } from '@listbackup/policy/synth';

/** One stack of a synthesized cloud assembly and what the policy packs said about it. */
export interface StackReport {
  readonly project: string;
  /** The stack's construct path (its display name in the manifest). */
  readonly stack: string;
  /** Template path relative to the repository root. */
  readonly template: string;
  readonly findings: PolicyFinding[];
  readonly acknowledgements: PolicyAcknowledgement[];
}

/** A CDK app of the repository (a folder with cdk.json or cdk.out). */
export interface ProjectReport {
  readonly name: string;
  /** Folder relative to the repository root, e.g. `packages/sqs`. */
  readonly dir: string;
  /** Why the project has no results, when it has none (e.g. never synthesized). */
  readonly notSynthesized?: string;
  readonly stacks: StackReport[];
}

/** One problem an independent checker found in a template. */
export interface CheckerProblem {
  readonly template: string;
  readonly id: string;
  readonly message: string;
  readonly resource?: string;
  readonly line?: number;
}

/** A checker failure that a list of accepted failures covers: why, who accepted it, and what it maps to. */
export interface AcceptedProblem extends CheckerProblem {
  readonly reason: string;
  /** The list entry that accepts it, `tools/compliance/checkov-skips.json:12`. */
  readonly acceptedAt: string;
  /** The control frameworks the rule maps to: AWS Control Tower control ids and their NIST 800-53 controls. */
  readonly frameworks: { readonly controlTower: string[]; readonly nist: string[] };
}

/** The outcome of one independent checker (cfn-lint, checkov, AWS Control Tower's guard rules) over every template. */
export interface CheckerResult {
  readonly name: 'cfn-lint' | 'checkov' | 'control-tower';
  readonly passed: boolean;
  /** Problems that fail the check (cfn-lint errors; checkov and Control Tower failures no acceptance covers). */
  readonly problems: CheckerProblem[];
  /** Failures an entry of the checker's accepted list covers, with its reason and location. */
  readonly skipped: AcceptedProblem[];
  /** A sentence for the report: what ran, or why it could not run. */
  readonly summary: string;
}

/** Everything the report files are written from. */
export interface ComplianceReport {
  readonly root: string;
  readonly generatedAt: string;
  readonly projects: ProjectReport[];
  readonly checkers: CheckerResult[];
}

/** A finding that fails the build: an error no acknowledgement covers. */
export function unacknowledgedErrors(report: ComplianceReport): Array<PolicyFinding & { stack: StackReport }> {
  return report.projects.flatMap((p) => p.stacks.flatMap((stack) =>
    stack.findings.filter((f) => f.severity === 'error').map((f) => ({ ...f, stack }))));
}

/** Lines naming everything that makes the run fail, empty when it passes. */
export function failures(report: ComplianceReport): string[] {
  return [
    ...unacknowledgedErrors(report).map((f) =>
      `${f.ruleId} at ${f.constructPath}${f.location ? ` (${f.location})` : ''} in ${f.stack.project}`),
    ...report.checkers.filter((c) => !c.passed).flatMap((c) =>
      c.problems.length ? c.problems.map((p) => `${c.name} ${p.id} in ${p.template}${p.resource ? ` ${p.resource}` : ''}: ${p.message}`) : [`${c.name}: ${c.summary}`]),
  ];
}

export interface Totals {
  readonly projects: number;
  readonly notSynthesized: number;
  readonly stacks: number;
  readonly errors: number;
  readonly warnings: number;
  readonly acknowledged: number;
}

export function totals(report: ComplianceReport): Totals {
  const stacks = report.projects.flatMap((p) => p.stacks);
  const findings = stacks.flatMap((s) => s.findings);
  return {
    projects: report.projects.length,
    notSynthesized: report.projects.filter((p) => p.notSynthesized).length,
    stacks: stacks.length,
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity !== 'error').length,
    acknowledged: stacks.reduce((n, s) => n + s.acknowledgements.length, 0),
  };
}

/** The pack a rule id belongs to: `AwsSolutions-S1` → `AwsSolutions`, `NIST.800.53.R5-X` → `NIST.800.53.R5`. */
export function packOf(ruleId: string): string {
  return ruleId.split('-')[0];
}
