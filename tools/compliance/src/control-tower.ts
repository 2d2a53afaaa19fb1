import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AcceptedFailure, readAcceptedFailures } from './accepted-failures';
import { applyAcceptances } from './checkers';
import { cfnGuardBinary, cfnGuardPackageDir, controlTowerControls } from './control-tower-controls';
import { CheckerProblem, CheckerResult } from './model';

/** Reads control-tower-skips.json (`{ skips: [{ id: "CT.S3.PR.2", resources?, reason }] }`). */
export function readControlTowerSkips(file: string, root?: string): AcceptedFailure[] {
  return readAcceptedFailures(file, { name: 'Control Tower', idPattern: /^CT\.[A-Z0-9]+\.PR\.\d+$/, idExample: 'CT.S3.PR.2' }, root);
}

/**
 * The (control, logical id) pairs a cfn-guard `--structured` report fails: each failing clause
 * names the path it checked (`/Resources/<id>/…`), and the rule above it carries the control id in
 * its message (`[CT.S3.PR.2]: …`).
 */
export function guardFailures(report: unknown): Array<{ control: string; logicalId: string }> {
  const found = new Map<string, { control: string; logicalId: string }>();
  const walk = (node: unknown, control: string | undefined): void => {
    if (Array.isArray(node)) {
      node.forEach((n) => walk(n, control));
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    const message = (record.messages as { custom_message?: string } | undefined)?.custom_message;
    const here = (message && /\[(CT\.[A-Z0-9]+\.PR\.\d+)\]/.exec(message)?.[1]) || control;
    const at = typeof record.path === 'string' ? /^\/Resources\/([^/]+)/.exec(record.path)?.[1] : undefined;
    if (at && here) found.set(`${here} ${at}`, { control: here, logicalId: at });
    Object.values(record).forEach((v) => walk(v, here));
  };
  for (const doc of Array.isArray(report) ? report : [report]) {
    walk((doc as { not_compliant?: unknown })?.not_compliant ?? [], undefined);
  }
  return [...found.values()];
}

/**
 * AWS Control Tower's proactive controls (the cfn-guard rules `@cdklabs/cdk-validator-cfnguard`
 * ships, run with the cfn-guard binary it ships: nothing is downloaded) over every template. Every
 * failure must be in the accepted list.
 */
export function runControlTower(root: string, templates: string[], skips: readonly AcceptedFailure[]): CheckerResult {
  const name = 'control-tower';
  if (templates.length === 0) return { name, passed: true, problems: [], skipped: [], summary: 'no templates to check' };
  const packageDir = cfnGuardPackageDir();
  const { bin, missing } = cfnGuardBinary(packageDir);
  if (!bin) return { name, passed: false, problems: [], skipped: [], summary: missing! };
  const rules = path.join(packageDir, 'rules', 'control-tower', 'cfn-guard');
  const controls = controlTowerControls(packageDir);
  const all: CheckerProblem[] = [];
  // One cfn-guard process for every template: it reads the rules once, and reports each data file
  // under the path it was given.
  const files = templates.map((template) => path.join(root, template));
  const out = spawnSync(bin, ['validate', '-r', rules, ...files.flatMap((file) => ['-d', file]), '--structured', '--show-summary', 'none', '-o', 'json'],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  // cfn-guard exits 0 when every rule passes and 19 when one fails; anything else is its own error.
  if (out.status !== 0 && out.status !== 19) {
    return { name, passed: false, problems: [], skipped: [], summary: `cfn-guard failed on ${templates.join(', ')} (exit ${out.status}): ${(out.stderr ?? '').trim().slice(0, 500)}` };
  }
  const reports: Array<{ name?: string }> = JSON.parse(out.stdout || '[]');
  templates.forEach((template, i) => {
    const file = files[i];
    const report = reports.filter((r) => r.name === file);
    if (report.length === 0) throw new Error(`cfn-guard reported nothing for ${file}: it reported ${reports.map((r) => r.name).join(', ') || 'no file'}`);
    const text = fs.readFileSync(file, 'utf8');
    const resources: Record<string, { Type?: string }> = JSON.parse(text).Resources ?? {};
    const lines = text.split('\n');
    for (const f of guardFailures(report)) {
      const line = lines.findIndex((l) => l.startsWith(`  "${f.logicalId}": {`));
      all.push({
        template, id: f.control, message: controls.get(f.control)?.displayName ?? f.control,
        resource: `${resources[f.logicalId]?.Type ?? 'AWS::Unknown::Resource'}.${f.logicalId}`,
        ...(line >= 0 ? { line: line + 1 } : {}),
      });
    }
  });
  all.sort((a, b) => `${a.template} ${a.id} ${a.resource}`.localeCompare(`${b.template} ${b.id} ${b.resource}`));
  const { problems, skipped } = applyAcceptances(all, skips, (p) => [p.id]);
  return {
    name, passed: problems.length === 0, problems, skipped,
    summary: `${templates.length} template(s), ${controls.size} proactive controls: ${problems.length} failure(s) not in control-tower-skips.json, ${skipped.length} accepted by it`,
  };
}
