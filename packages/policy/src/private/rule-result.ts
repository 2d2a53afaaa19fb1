import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';

/** COMPLIANT when the condition holds, NON_COMPLIANT otherwise. */
export function compliantWhen(ok: boolean): NagRuleResult {
  return ok ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

/**
 * Named findings (`Action::s3:*`) so an acknowledgement can name exactly one of them;
 * no finding means compliant. Duplicates collapse: one acknowledgement covers a repeated finding.
 */
export function findingsOrCompliant(findings: readonly string[]): NagRuleResult {
  return findings.length === 0 ? NagRuleCompliance.COMPLIANT : [...new Set(findings)];
}
