import type * as sarif from 'sarif';
import { LISTBACKUP_RULES, PolicyFinding } from '@listbackup/policy';
import { AcceptedProblem, CheckerResult, ComplianceReport, StackReport, packOf } from '../model';
import { parseLocation } from '../private/source-location';

const SRCROOT = 'SRCROOT';

function level(severity: string): sarif.Result.level {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

function physical(location: string | undefined, root: string): sarif.Location['physicalLocation'] | undefined {
  const parsed = parseLocation(location, root);
  if (!parsed) return undefined;
  return {
    artifactLocation: parsed.insideRoot ? { uri: parsed.file, uriBaseId: SRCROOT } : { uri: `file://${parsed.file}` },
    region: { startLine: parsed.line, ...(parsed.column ? { startColumn: parsed.column } : {}) },
  };
}

function locations(stack: StackReport, constructPath: string, location: string | undefined, root: string): sarif.Location[] {
  const phys = physical(location, root);
  return [{
    ...(phys ? { physicalLocation: phys } : {}),
    logicalLocations: [{ fullyQualifiedName: constructPath, kind: 'resource' }, { name: stack.stack, kind: 'module' }],
  }];
}

/** ListBackup rules have a known level; other packs' acknowledged findings are assumed to be errors (warnings need none). */
function knownLevel(ruleId: string, findings: PolicyFinding[]): string {
  const own = LISTBACKUP_RULES.find((r) => `ListBackup-${r.id}` === ruleId.replace(/\[.*$/, ''));
  if (own) return String(own.level) === 'Error' ? 'error' : 'warning';
  return findings.find((f) => f.rule === ruleId.replace(/\[.*$/, ''))?.severity ?? 'error';
}

function policyRuns(report: ComplianceReport): sarif.Run[] {
  const stacks = report.projects.flatMap((p) => p.stacks);
  const allFindings = stacks.flatMap((s) => s.findings);
  const packs = new Set([...allFindings.map((f) => f.pack), ...stacks.flatMap((s) => s.acknowledgements.map((a) => packOf(a.ruleId)))]);
  return [...packs].sort().map((pack): sarif.Run => {
    const rules = new Map<string, sarif.ReportingDescriptor>();
    const rule = (id: string, description?: string) => {
      if (!rules.has(id)) {
        const own = LISTBACKUP_RULES.find((r) => `ListBackup-${r.id}` === id);
        const text = own ? own.info : description ?? id;
        rules.set(id, {
          id,
          shortDescription: { text: text.split(/(?<=\.)\s/)[0] },
          fullDescription: { text: own ? `${own.info} ${own.explanation}` : text },
        });
      }
      return id;
    };
    const results: sarif.Result[] = [];
    for (const stack of stacks) {
      for (const f of stack.findings.filter((x) => x.pack === pack)) {
        results.push({
          ruleId: rule(f.rule, f.description),
          level: level(f.severity),
          message: { text: `${f.ruleId} at ${f.constructPath}: ${f.description}` },
          locations: locations(stack, f.constructPath, f.location, report.root),
        });
      }
      for (const a of stack.acknowledgements.filter((x) => packOf(x.ruleId) === pack)) {
        results.push({
          ruleId: rule(a.ruleId.replace(/\[.*$/, '')),
          level: level(knownLevel(a.ruleId, allFindings)),
          message: { text: `${a.ruleId} acknowledged at ${a.constructPath}: ${a.reason}` },
          locations: locations(stack, a.constructPath, a.location, report.root),
          suppressions: [{ kind: 'inSource', status: 'accepted', justification: a.reason }],
        });
      }
    }
    return {
      tool: { driver: { name: pack, informationUri: 'https://github.com/cdklabs/cdk-nag', rules: [...rules.values()] } },
      originalUriBaseIds: { [SRCROOT]: { uri: `file://${report.root.replace(/\/?$/, '/')}` } },
      results,
    };
  });
}

/** The list entry that accepts a failure (`file:line`), as a SARIF location. */
function acceptedAt(where: string): sarif.Location {
  const [, file, line] = /^(.*):(\d+)$/.exec(where) ?? [undefined, where, '1'];
  const uri = file!.split('\\').join('/');
  const artifactLocation = uri.startsWith('/') ? { uri: `file://${uri}` } : { uri, uriBaseId: SRCROOT };
  return { physicalLocation: { artifactLocation, region: { startLine: Number(line) } } };
}

function checkerRun(checker: CheckerResult, root: string): sarif.Run {
  const ids = [...new Set([...checker.problems, ...checker.skipped].map((p) => p.id))].sort();
  const result = (p: CheckerResult['problems'][number], accepted?: AcceptedProblem): sarif.Result => ({
    ruleId: p.id,
    level: 'error',
    message: { text: `${p.id}${p.resource ? ` ${p.resource}` : ''}: ${p.message}` },
    locations: [{
      physicalLocation: {
        artifactLocation: { uri: p.template.split('\\').join('/'), uriBaseId: SRCROOT },
        ...(p.line ? { region: { startLine: p.line } } : {}),
      },
      ...(p.resource ? { logicalLocations: [{ name: p.resource, kind: 'resource' }] } : {}),
    }],
    ...(accepted ? {
      suppressions: [{ kind: 'external', status: 'accepted', justification: accepted.reason, location: acceptedAt(accepted.acceptedAt) }],
      properties: { acceptedAt: accepted.acceptedAt, controlTower: accepted.frameworks.controlTower, nist80053: accepted.frameworks.nist },
    } : {}),
  });
  return {
    tool: { driver: { name: checker.name, rules: ids.map((id) => ({ id })) } },
    originalUriBaseIds: { [SRCROOT]: { uri: `file://${root.replace(/\/?$/, '/')}` } },
    invocations: [{ executionSuccessful: checker.passed || checker.problems.length > 0, toolExecutionNotifications: [{ message: { text: checker.summary } }] }],
    results: [...checker.problems.map((p) => result(p)), ...checker.skipped.map((p) => result(p, p))],
  };
}

/** SARIF 2.1.0: a run per policy pack (and per checker that ran), results at the TypeScript line. */
export function renderSarif(report: ComplianceReport): sarif.Log {
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [...policyRuns(report), ...report.checkers.map((c) => checkerRun(c, report.root))],
  };
}
