import { ComplianceReport, failures, totals } from '../model';

/** The whole report as data, for tools that post-process it. */
export function renderJson(report: ComplianceReport): string {
  return JSON.stringify({ ...report, totals: totals(report), failures: failures(report) }, null, 2) + '\n';
}
