import { CheckerResult, ComplianceReport, StackReport } from '../model';
import { escapeXml as x } from '../private/escape';

interface Case { name: string; classname: string; failure?: string; skipped?: string; out?: string }

function stackCases(stack: StackReport): Case[] {
  const classname = `${stack.project}.${stack.stack}`;
  return [
    ...stack.findings.map((f) => ({
      name: `${f.ruleId} ${f.constructPath}`,
      classname,
      ...(f.severity === 'error'
        ? { failure: `${f.description}${f.location ? `\nat ${f.location}` : ''}` }
        : { out: `${f.severity}: ${f.description}` }),
    })),
    ...stack.acknowledgements.map((a) => ({
      name: `${a.ruleId} ${a.constructPath}`, classname, skipped: `acknowledged: ${a.reason}`,
    })),
  ];
}

function checkerCases(checker: CheckerResult): Case[] {
  const classname = checker.name;
  if (checker.problems.length === 0 && !checker.passed) return [{ name: checker.name, classname, failure: checker.summary }];
  return [
    { name: `${checker.name} summary`, classname, out: checker.summary },
    ...checker.problems.map((p) => ({ name: `${p.id} ${p.template} ${p.resource ?? ''}`.trim(), classname, failure: p.message })),
    ...checker.skipped.map((p) => ({
      name: `${p.id} ${p.template} ${p.resource ?? ''}`.trim(), classname,
      skipped: `accepted at ${p.acceptedAt}: ${p.reason}` +
        (p.frameworks.controlTower.length ? ` (Control Tower ${p.frameworks.controlTower.join(', ')}; NIST 800-53 ${p.frameworks.nist.join(', ') || 'none'})` : ''),
    })),
  ];
}

function suite(name: string, cases: Case[]): string {
  const failures = cases.filter((c) => c.failure !== undefined).length;
  const skipped = cases.filter((c) => c.skipped !== undefined).length;
  const body = cases.map((c) => {
    const inner = c.failure !== undefined ? `<failure message="${x(c.failure.split('\n')[0])}">${x(c.failure)}</failure>`
      : c.skipped !== undefined ? `<skipped message="${x(c.skipped)}"/>`
        : c.out !== undefined ? `<system-out>${x(c.out)}</system-out>` : '';
    return `    <testcase name="${x(c.name)}" classname="${x(c.classname)}">${inner}</testcase>`;
  }).join('\n');
  return `  <testsuite name="${x(name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}">\n${body}\n  </testsuite>`;
}

/**
 * JUnit XML: a testsuite per stack (a testcase per rule × resource: failures for unacknowledged
 * errors, skipped for acknowledgements), per project that was not synthesized, and per checker.
 */
export function renderJunit(report: ComplianceReport): string {
  const suites = [
    ...report.projects.flatMap((p) => p.notSynthesized
      ? [suite(p.name, [{ name: `${p.name} policy`, classname: p.name, skipped: p.notSynthesized }])]
      : p.stacks.map((s) => suite(`${p.name}/${s.stack}`, stackCases(s).length ? stackCases(s)
        : [{ name: `${s.stack} has no findings`, classname: `${p.name}.${s.stack}` }]))),
    ...report.checkers.map((c) => suite(c.name, checkerCases(c))),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="compliance">\n${suites.join('\n')}\n</testsuites>\n`;
}
