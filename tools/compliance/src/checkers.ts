import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AcceptedFailure, acceptanceFor, readAcceptedFailures } from './accepted-failures';
import { frameworksOf } from './control-tower-controls';
import { AcceptedProblem, CheckerProblem, CheckerResult } from './model';

/** A checkov check id the templates may fail, where, and why that is accepted. */
export type CheckovSkip = AcceptedFailure;

/** Reads checkov-skips.json (`{ skips: [{ id, reason, resources?, controlTower? }] }`), refusing entries without a reason. */
export function readCheckovSkips(file: string, root?: string): CheckovSkip[] {
  return readAcceptedFailures(file, { name: 'checkov', idPattern: /^CKV2?_[A-Z0-9_]+$/, idExample: 'CKV_AWS_…' }, root);
}

/** Splits failures into those no acceptance covers and the accepted ones, with reason, location and frameworks. */
export function applyAcceptances(all: CheckerProblem[], accepted: readonly AcceptedFailure[],
  controlTowerIdsOf: (p: CheckerProblem, a: AcceptedFailure) => readonly string[]): { problems: CheckerProblem[]; skipped: AcceptedProblem[] } {
  const problems: CheckerProblem[] = [];
  const skipped: AcceptedProblem[] = [];
  for (const p of all) {
    const a = acceptanceFor(accepted, p.id, p.resource);
    if (!a) problems.push(p);
    else skipped.push({ ...p, reason: a.reason, acceptedAt: `${a.file}:${a.line}`, frameworks: frameworksOf(controlTowerIdsOf(p, a)) });
  }
  return { problems, skipped };
}

function run(bin: string, args: string[]): { stdout: string; stderr: string; status: number | null; missing: boolean } {
  if (!fs.existsSync(bin)) return { stdout: '', stderr: '', status: null, missing: true };
  const out = spawnSync(bin, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { stdout: out.stdout ?? '', stderr: out.stderr ?? '', status: out.status, missing: false };
}

/**
 * checkov's output by its executable and the exact bytes of the templates it read. Skips are
 * applied to that output, never passed to checkov, and checkov takes seconds to start: a process
 * that checks the same templates against several skip lists runs it once.
 */
const checkovOutputs = new Map<string, ReturnType<typeof run>>();

function runCheckovOnce(bin: string, args: string[], files: string[]): ReturnType<typeof run> {
  const hash = createHash('sha256').update(bin).update('\0').update(args.join('\0'));
  for (const file of files) hash.update('\0').update(fs.existsSync(file) ? fs.readFileSync(file) : '');
  const key = hash.digest('hex');
  const cached = checkovOutputs.get(key);
  if (cached) return cached;
  const out = run(bin, args);
  if (!out.missing) checkovOutputs.set(key, out);
  return out;
}

const INSTALL_HINT = 'run tools/compliance/scripts/install-checkers.sh';

/** One match of `cfn-lint --format json`. */
interface CfnLintMatch {
  readonly Level: string;
  readonly Filename: string;
  readonly Message: string;
  readonly Rule?: { readonly Id?: string };
  readonly Location?: { readonly Path?: string[]; readonly Start?: { readonly LineNumber?: number } };
}

/** The part of `checkov -o json` read here: one report per framework. */
interface CheckovReport {
  readonly results?: {
    readonly failed_checks?: Array<{
      readonly check_id: string;
      readonly check_name: string;
      readonly resource?: string;
      readonly file_abs_path?: string;
      readonly file_path?: string;
      readonly file_line_range?: number[];
    }>;
  };
}

/** cfn-lint over the templates: any Error-level match fails. Templates are relative to `root`. */
export function runCfnLint(root: string, templates: string[], venvBin: string): CheckerResult {
  if (templates.length === 0) return { name: 'cfn-lint', passed: true, problems: [], skipped: [], summary: 'no templates to check' };
  const out = run(path.join(venvBin, 'cfn-lint'), ['--format', 'json', ...templates.map((t) => path.join(root, t))]);
  if (out.missing) return { name: 'cfn-lint', passed: false, problems: [], skipped: [], summary: `cfn-lint not found in ${venvBin}: ${INSTALL_HINT}` };
  let matches: CfnLintMatch[];
  try {
    matches = JSON.parse(out.stdout || '[]');
  } catch {
    return { name: 'cfn-lint', passed: false, problems: [], skipped: [], summary: `cfn-lint failed (exit ${out.status}): ${out.stderr.trim().slice(0, 500)}` };
  }
  const problems: CheckerProblem[] = matches.filter((m) => m.Level === 'Error').map((m) => ({
    template: path.relative(root, m.Filename),
    id: m.Rule?.Id ?? 'unknown',
    message: m.Message,
    resource: m.Location?.Path?.[0] === 'Resources' ? m.Location.Path[1] : undefined,
    line: m.Location?.Start?.LineNumber,
  }));
  const warnings = matches.length - problems.length;
  return {
    name: 'cfn-lint', passed: problems.length === 0, problems, skipped: [],
    summary: `${templates.length} template(s): ${problems.length} error(s), ${warnings} warning(s) or note(s)`,
  };
}

/** checkov over the templates: every failed check must be listed in the skips. */
export function runCheckov(root: string, templates: string[], venvBin: string, skips: CheckovSkip[]): CheckerResult {
  if (templates.length === 0) return { name: 'checkov', passed: true, problems: [], skipped: [], summary: 'no templates to check' };
  const files = templates.map((t) => path.join(root, t));
  const args = ['--framework', 'cloudformation', '-o', 'json', '--quiet', '--compact', ...files.flatMap((f) => ['-f', f])];
  const out = runCheckovOnce(path.join(venvBin, 'checkov'), args, files);
  if (out.missing) return { name: 'checkov', passed: false, problems: [], skipped: [], summary: `checkov not found in ${venvBin}: ${INSTALL_HINT}` };
  let parsed: CheckovReport | CheckovReport[];
  try {
    parsed = JSON.parse(out.stdout);
  } catch {
    return { name: 'checkov', passed: false, problems: [], skipped: [], summary: `checkov failed (exit ${out.status}): ${out.stderr.trim().slice(0, 500)}` };
  }
  const failed = (Array.isArray(parsed) ? parsed : [parsed]).flatMap((r) => r?.results?.failed_checks ?? []);
  const all: CheckerProblem[] = failed.map((c) => ({
    template: path.relative(root, c.file_abs_path && path.isAbsolute(c.file_abs_path) ? c.file_abs_path : path.join(root, c.file_path ?? '')),
    id: c.check_id,
    message: c.check_name,
    resource: c.resource,
    line: c.file_line_range?.[0],
  }));
  const { problems, skipped } = applyAcceptances(all, skips, (_p, a) => a.controlTower ?? []);
  return {
    name: 'checkov', passed: problems.length === 0, problems, skipped,
    summary: `${templates.length} template(s): ${problems.length} failed check(s) not in checkov-skips.json, ${skipped.length} accepted by it`,
  };
}
