import { ComplianceReport, failures, totals } from '../model';
import { escapeMarkdownCell as c } from '../private/escape';

/** A short Markdown summary for a pull request: verdict, totals, what fails, acknowledgements. */
export function renderMarkdown(report: ComplianceReport): string {
  const t = totals(report);
  const failing = failures(report);
  const lines = [
    `## Compliance: ${failing.length === 0 ? 'passed' : `${failing.length} failure(s)`}`,
    '',
    `${t.stacks} stack(s) in ${t.projects - t.notSynthesized} synthesized project(s): ` +
      `${t.errors} unacknowledged error(s), ${t.warnings} warning(s), ${t.acknowledged} acknowledgement(s).`,
    '',
  ];
  const notSynth = report.projects.filter((p) => p.notSynthesized);
  if (notSynth.length) lines.push('**Not synthesized:** ' + notSynth.map((p) => `\`${p.dir}\``).join(', '), '');
  if (failing.length) lines.push('### Failures', '', ...failing.map((f) => `- ${f}`), '');
  lines.push('| project | stack | errors | warnings | acknowledged |', '|---|---|---:|---:|---:|');
  for (const p of report.projects) {
    if (p.notSynthesized) lines.push(`| ${c(p.name)} | _not synthesized_ | | | |`);
    for (const s of p.stacks) {
      lines.push(`| ${c(p.name)} | ${c(s.stack)} | ${s.findings.filter((f) => f.severity === 'error').length} | ` +
        `${s.findings.filter((f) => f.severity !== 'error').length} | ${s.acknowledgements.length} |`);
    }
  }
  const acks = report.projects.flatMap((p) => p.stacks.flatMap((s) => s.acknowledgements));
  if (acks.length) {
    lines.push('', '<details><summary>Acknowledgements</summary>', '', '| rule | construct | reason |', '|---|---|---|');
    lines.push(...acks.map((a) => `| ${c(a.ruleId)} | ${c(a.constructPath)} | ${c(a.reason)} |`), '', '</details>');
  }
  if (report.checkers.length) {
    lines.push('', '### Independent checkers', '', ...report.checkers.map((k) => `- ${k.passed ? '✅' : '❌'} **${k.name}**: ${k.summary}`));
    const accepted = report.checkers.flatMap((k) => k.skipped.map((p) => ({ checker: k.name, ...p })));
    if (accepted.length) {
      lines.push('', '<details><summary>Accepted checker failures</summary>', '',
        '| checker | rule | resource | reason | accepted at | Control Tower | NIST 800-53 |', '|---|---|---|---|---|---|---|');
      lines.push(...accepted.map((p) => `| ${c(p.checker)} | ${c(p.id)} | ${c(p.resource ?? '')} | ${c(p.reason)} | ${c(p.acceptedAt)} | ` +
        `${c(p.frameworks.controlTower.join(', ') || '—')} | ${c(p.frameworks.nist.join(', ') || '—')} |`), '', '</details>');
    }
  }
  return lines.join('\n') + '\n';
}
