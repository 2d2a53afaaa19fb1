import { LISTBACKUP_RULES } from '@listbackup/policy';
import { ComplianceReport, failures, packOf, totals } from '../model';
import { escapeXml as h } from '../private/escape';
import { parseLocation } from '../private/source-location';

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1f24}
h1{margin-top:0}table{border-collapse:collapse;margin:.5rem 0 1.5rem;width:100%}
th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f6f8fa}
.pass{color:#1a7f37}.fail{color:#cf222e}.warn{color:#9a6700}.muted{color:#57606a}code{font-size:90%}
.totals span{display:inline-block;margin-right:1.5rem;font-size:1.1rem}`;

function table(head: string[], rows: string[][]): string {
  if (rows.length === 0) return '<p class="muted">none</p>';
  return `<table><tr>${head.map((c) => `<th>${c}</th>`).join('')}</tr>` +
    rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('') + '</table>';
}

/** `file:line` relative to the repository, as a reviewer opens it. */
function where(location: string, root: string): string {
  const parsed = parseLocation(location, root);
  return parsed ? `${parsed.file}:${parsed.line}` : location;
}

function explanation(rule: string): string {
  const own = LISTBACKUP_RULES.find((r) => `ListBackup-${r.id}` === rule);
  return own ? own.explanation : '';
}

/** One self-contained page: verdict, totals, per stack, per rule, every finding and acknowledgement, checkers. */
export function renderHtml(report: ComplianceReport): string {
  const t = totals(report);
  const failing = failures(report);
  const stacks = report.projects.flatMap((p) => p.stacks);
  const findings = stacks.flatMap((s) => s.findings.map((f) => ({ ...f, stack: s })));
  const acks = stacks.flatMap((s) => s.acknowledgements.map((a) => ({ ...a, stack: s })));
  const perRule = new Map<string, { pack: string; errors: number; warnings: number; acknowledged: number }>();
  for (const f of findings) {
    const e = perRule.get(f.rule) ?? { pack: f.pack, errors: 0, warnings: 0, acknowledged: 0 };
    if (f.severity === 'error') e.errors++; else e.warnings++;
    perRule.set(f.rule, e);
  }
  for (const a of acks) {
    const rule = a.ruleId.replace(/\[.*$/, '');
    const e = perRule.get(rule) ?? { pack: packOf(rule), errors: 0, warnings: 0, acknowledged: 0 };
    e.acknowledged++;
    perRule.set(rule, e);
  }
  const verdict = failing.length === 0
    ? '<p class="pass"><strong>Passed</strong>: no unacknowledged error, every checker that ran passed.</p>'
    : `<p class="fail"><strong>Failed</strong>: ${failing.length} problem(s).</p><ul>${failing.map((f) => `<li><code>${h(f)}</code></li>`).join('')}</ul>`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>ListBackup compliance report</title><style>${STYLE}</style></head>
<body>
<h1>ListBackup compliance report</h1>
<p class="muted">Generated ${h(report.generatedAt)} from ${h(report.root)}</p>
${verdict}
<p class="totals"><span>${t.stacks} stacks</span><span class="fail">${t.errors} errors</span><span class="warn">${t.warnings} warnings</span><span>${t.acknowledged} acknowledged</span><span>${t.notSynthesized} not synthesized</span></p>
<h2>Stacks</h2>
${table(['project', 'stack', 'template', 'errors', 'warnings', 'acknowledged'], report.projects.flatMap((p) => p.notSynthesized
    ? [[h(p.name), `<span class="warn">${h(p.notSynthesized)}</span>`, '', '', '', '']]
    : p.stacks.map((s) => [h(p.name), h(s.stack), `<code>${h(s.template)}</code>`,
      String(s.findings.filter((f) => f.severity === 'error').length), String(s.findings.filter((f) => f.severity !== 'error').length),
      String(s.acknowledgements.length)])))}
<h2>Rules</h2>
${table(['pack', 'rule', 'errors', 'warnings', 'acknowledged'], [...perRule.entries()].sort(([a], [b]) => a.localeCompare(b))
    .map(([rule, e]) => [h(e.pack), `<code>${h(rule)}</code>`, String(e.errors), String(e.warnings), String(e.acknowledged)]))}
<h2>Findings</h2>
${table(['level', 'rule', 'construct', 'source', 'explanation'], findings.map((f) => [
    `<span class="${f.severity === 'error' ? 'fail' : 'warn'}">${h(f.severity)}</span>`, `<code>${h(f.ruleId)}</code>`,
    `<code>${h(f.constructPath)}</code><br><span class="muted">${h(f.stack.project)}</span>`,
    f.location ? `<code>${h(where(f.location, report.root))}</code>` : '<span class="muted">unknown</span>',
    h(f.description) + (explanation(f.rule) && !f.description.includes(explanation(f.rule)) ? `<br>${h(explanation(f.rule))}` : ''),
  ]))}
<h2>Acknowledgements</h2>
${table(['rule', 'construct', 'reason', 'acknowledged at'], acks.map((a) => [
    `<code>${h(a.ruleId)}</code>`, `<code>${h(a.constructPath)}</code>`, h(a.reason), a.location ? `<code>${h(where(a.location, report.root))}</code>` : '',
  ]))}
<h2>Independent checkers</h2>
${report.checkers.length === 0 ? '<p class="muted">not run (use --cfn-lint / --checkov)</p>' : report.checkers.map((c) => `
<h3 class="${c.passed ? 'pass' : 'fail'}">${h(c.name)}: ${c.passed ? 'passed' : 'failed'}</h3><p>${h(c.summary)}</p>
${table(['check', 'template', 'resource', 'message', 'status'], [
    ...c.problems.map((p) => [`<code>${h(p.id)}</code>`, `<code>${h(p.template)}${p.line ? `:${p.line}` : ''}</code>`, h(p.resource ?? ''), h(p.message), '<span class="fail">failed</span>']),
    ...c.skipped.map((p) => [`<code>${h(p.id)}</code>`, `<code>${h(p.template)}</code>`, h(p.resource ?? ''), h(p.message), 'accepted (below)']),
  ])}`).join('')}
<h2>Accepted checker failures</h2>
${table(['checker', 'rule', 'resource', 'reason', 'accepted at', 'Control Tower', 'NIST 800-53'],
    report.checkers.flatMap((c) => c.skipped.map((p) => [
      h(c.name), `<code>${h(p.id)}</code><br><span class="muted">${h(p.message)}</span>`,
      `<code>${h(p.resource ?? '')}</code><br><span class="muted">${h(p.template)}</span>`, h(p.reason),
      `<code>${h(p.acceptedAt)}</code>`, h(p.frameworks.controlTower.join(', ') || '—'), h(p.frameworks.nist.join(', ') || '—'),
    ])))}
</body></html>
`;
}
