import * as fs from 'node:fs';
import * as path from 'node:path';
import { ComplianceError } from './errors';

/** A checker rule the templates may fail, where, why that is accepted, and who accepted it. */
export interface AcceptedFailure {
  /** The checker's rule id: `CKV_AWS_18`, `CT.S3.PR.2`. */
  readonly id: string;
  readonly reason: string;
  /**
   * Resource ids (`AWS::S3::Bucket.AccessLogsBucket`: type and logical id) the acceptance is limited to.
   * @default - every resource
   */
  readonly resources?: readonly string[];
  /**
   * The AWS Control Tower controls that check the same thing (for a checkov check), so that the
   * report can show the NIST 800-53 controls Control Tower maps them to.
   * @default - none
   */
  readonly controlTower?: readonly string[];
  /** Where the acceptance is written: the list file, relative to the repository when inside it, and the entry's line. */
  readonly file: string;
  readonly line: number;
}

const RESOURCE_ID = /^AWS::\w+::\w+\.\w+$/;
const CONTROL_TOWER_ID = /^CT\.[A-Z0-9]+\.PR\.\d+$/;

/** The line of each entry's `"id"` key, in order: every entry has exactly one. */
function entryLines(text: string): number[] {
  const lines: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (/"id"\s*:/.test(line)) lines.push(i + 1);
  });
  return lines;
}

/**
 * Reads a list of accepted failures (`{ "skips": [{ "id", "reason", "resources"?, "controlTower"? }] }`),
 * refusing an entry without a checker id of the expected form, a reason, or with malformed resources.
 * `root` makes the recorded file relative, as a reviewer opens it.
 */
export function readAcceptedFailures(file: string, checker: { readonly name: string; readonly idPattern: RegExp; readonly idExample: string },
  root?: string): AcceptedFailure[] {
  const { name, idPattern, idExample } = checker;
  const text = fs.readFileSync(file, 'utf8');
  const raw = JSON.parse(text);
  const entries: unknown[] = Array.isArray(raw) ? raw : raw.skips;
  if (!Array.isArray(entries)) throw new ComplianceError('AcceptedFailuresInvalid', `${file}: expected a list of { "id", "reason" } under "skips"`);
  const lines = entryLines(text);
  const shown = root && !path.relative(root, file).startsWith('..') ? path.relative(root, file).split(path.sep).join('/') : file;
  return entries.map((e, i) => {
    const entry = e as Partial<AcceptedFailure>;
    if (!entry.id || !idPattern.test(entry.id) || !entry.reason || entry.reason.trim().length < 10) {
      throw new ComplianceError('AcceptedFailuresInvalid', `${file}: entry ${i} needs a ${name} id (${idExample}) and a reason of at least a sentence`);
    }
    if (entry.resources !== undefined && (!Array.isArray(entry.resources) || entry.resources.length === 0 ||
      entry.resources.some((r) => typeof r !== 'string' || !RESOURCE_ID.test(r)))) {
      throw new ComplianceError('AcceptedFailuresInvalid', `${file}: entry ${i} (${entry.id}): "resources" must list ${name} resource ids such as AWS::S3::Bucket.AccessLogsBucket`);
    }
    if (entry.controlTower !== undefined && (!Array.isArray(entry.controlTower) || entry.controlTower.some((c) => !CONTROL_TOWER_ID.test(String(c))))) {
      throw new ComplianceError('AcceptedFailuresInvalid', `${file}: entry ${i} (${entry.id}): "controlTower" must list control ids such as CT.S3.PR.2`);
    }
    return {
      id: entry.id, reason: entry.reason,
      ...(entry.resources ? { resources: entry.resources } : {}),
      ...(entry.controlTower ? { controlTower: entry.controlTower } : {}),
      file: shown, line: lines[i] ?? 1,
    };
  });
}

/** The acceptance that covers a failure of `id` on `resource`, if any. */
export function acceptanceFor(accepted: readonly AcceptedFailure[], id: string, resource: string | undefined): AcceptedFailure | undefined {
  return accepted.find((a) => a.id === id && (!a.resources || a.resources.includes(resource ?? '')));
}
