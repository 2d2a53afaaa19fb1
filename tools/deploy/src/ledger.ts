import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { GetParametersByPathCommand, Parameter, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AssemblyStack } from './assembly';
import { explainAwsError } from './aws';
import { DeployError } from './errors';

/**
 * The deploy ledger: one SSM parameter per stack in the account (and region) it is deployed to,
 * `/listbackup/deploy-ledger/<stage>/<stack>`, holding what was last deployed there and how it went.
 * A parameter and not a stack tag: a stack's tags propagate to every resource, so writing one
 * would turn each deploy into an update of all of them.
 */
export const LEDGER_ROOT = '/listbackup/deploy-ledger';

/** The format this tool writes; entries of a later format are refused, never rewritten. */
export const LEDGER_SCHEMA_VERSION = 1;

export type LedgerOutcome = 'succeeded' | 'failed' | 'partial';

export interface LedgerDeploy {
  /** The git commit the deploy was made from (`unknown` outside a repository). */
  readonly commit: string;
  /** True when the working tree had uncommitted changes: the commit alone does not describe it. */
  readonly dirty: boolean;
  /** sha256 of the template, parameters and stack tags, as `templateHash` computes it. */
  readonly templateHash: string;
  /** ISO 8601. */
  readonly time: string;
  readonly toolVersion: string;
}

export interface LedgerEntry {
  readonly schemaVersion: number;
  readonly stage: string;
  readonly stack: string;
  readonly lastOutcome: LedgerOutcome;
  /** The last deploy, whatever its outcome. */
  readonly lastAttempt: LedgerDeploy;
  /** The last deploy that succeeded everywhere: what `affected` compares against. */
  readonly lastSuccess?: LedgerDeploy;
  /** For a StackSet: the instances that failed in the last deploy (`account/region: reason`). */
  readonly failedInstances?: readonly string[];
  /**
   * How long the last deploy that changed the stack took, from its start to the settled status
   * (kept through deploys that change nothing). The next deploy starts the stacks on the longest
   * expected chains first.
   */
  readonly lastOperationMs?: number;
}

export function ledgerParameterName(stage: string, stackName: string): string {
  return `${LEDGER_ROOT}/${stage}/${stackName}`;
}

/** Canonical JSON: key order does not change what CloudFormation receives, so not the hash either. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What a deploy of this stack sends: template, parameter overrides and tags, as one hash. */
export function templateHash(stack: AssemblyStack, parameters: Record<string, string> = {}, tags: Record<string, string> = {}): string {
  return `sha256:${createHash('sha256').update(canonical({ template: stack.template, parameters, tags: { ...stack.tags, ...tags } })).digest('hex')}`;
}

let toolVersionCache: string | undefined;
export function toolVersion(): string {
  toolVersionCache ??= String(JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf-8')).version);
  return toolVersionCache;
}

function versionParts(version: string): number[] {
  return version.split(/[.-]/).slice(0, 3).map((p) => Number(p) || 0);
}

function isNewer(version: string, than: string): boolean {
  const [a, b] = [versionParts(version), versionParts(than)];
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return false;
}

function isDeploy(value: unknown): value is LedgerDeploy {
  const d = value as LedgerDeploy;
  return !!d && typeof d.commit === 'string' && typeof d.templateHash === 'string' && typeof d.time === 'string'
    && !Number.isNaN(Date.parse(d.time)) && typeof d.toolVersion === 'string' && typeof d.dirty === 'boolean';
}

/**
 * Parses one ledger parameter. A value this tool cannot read is an error that names the
 * parameter: it is never taken as "no ledger", which would redeploy, nor overwritten.
 */
export function parseLedgerEntry(name: string, value: string | undefined): LedgerEntry {
  const fix = `delete it (aws ssm delete-parameter --name ${name}) to make the stack count as never deployed`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value ?? '');
  } catch {
    throw new DeployError('LedgerInvalid', `the ledger parameter ${name} is not JSON (${JSON.stringify((value ?? '').slice(0, 40))}): nothing was changed; ${fix}`);
  }
  const entry = parsed as LedgerEntry;
  if (typeof entry?.schemaVersion === 'number' && entry.schemaVersion > LEDGER_SCHEMA_VERSION) {
    const by = typeof (entry as { lastAttempt?: { toolVersion?: unknown } }).lastAttempt?.toolVersion === 'string' ? ` by listbackup-deploy ${entry.lastAttempt.toolVersion}` : '';
    throw new DeployError('LedgerTooNew',
      `the ledger parameter ${name} was written${by} in ledger format ${entry.schemaVersion}; this tool (${toolVersion()}) reads format ${LEDGER_SCHEMA_VERSION}: ` +
      'nothing was changed; deploy with the newer tool (update the repository)');
  }
  const problems = [
    entry?.schemaVersion !== LEDGER_SCHEMA_VERSION && 'schemaVersion',
    typeof entry?.stage !== 'string' && 'stage',
    typeof entry?.stack !== 'string' && 'stack',
    !['succeeded', 'failed', 'partial'].includes(entry?.lastOutcome as string) && 'lastOutcome',
    !isDeploy(entry?.lastAttempt) && 'lastAttempt',
    entry?.lastSuccess !== undefined && !isDeploy(entry.lastSuccess) && 'lastSuccess',
    entry?.lastOperationMs !== undefined && !(typeof entry.lastOperationMs === 'number' && entry.lastOperationMs >= 0) && 'lastOperationMs',
  ].filter(Boolean);
  if (problems.length) {
    throw new DeployError('LedgerInvalid', `the ledger parameter ${name} is malformed (${problems.join(', ')}): nothing was changed; ${fix}`);
  }
  if (isNewer(entry.lastAttempt.toolVersion, toolVersion()) && entry.lastAttempt.toolVersion.split('.')[0] !== toolVersion().split('.')[0]) {
    throw new DeployError('LedgerTooNew',
      `the ledger parameter ${name} was written by listbackup-deploy ${entry.lastAttempt.toolVersion}, a newer major version than this one (${toolVersion()}): ` +
      'nothing was changed; deploy with the newer tool (update the repository)');
  }
  return entry;
}

/** Every ledger entry of a stage, by stack name. An empty map: the stage has no ledger (a new stage). */
export async function readLedger(ssm: SSMClient, stage: string): Promise<Map<string, LedgerEntry>> {
  const entries = new Map<string, LedgerEntry>();
  const parameters: Parameter[] = [];
  let token: string | undefined;
  do {
    let out;
    try {
      out = await ssm.send(new GetParametersByPathCommand({ Path: `${LEDGER_ROOT}/${stage}/`, Recursive: false, NextToken: token, MaxResults: 10 }));
    } catch (err) {
      throw explainAwsError(err, `reading the deploy ledger (ssm:GetParametersByPath ${LEDGER_ROOT}/${stage}/)`);
    }
    parameters.push(...out.Parameters ?? []);
    token = out.NextToken;
  } while (token);
  for (const p of parameters) {
    const entry = parseLedgerEntry(p.Name!, p.Value);
    entries.set(entry.stack, entry);
  }
  return entries;
}

/**
 * The entry after a deploy: the new attempt, and the last success kept unless this one succeeded.
 * `operationMs` is how long a successful deploy that changed the stack took; without it the
 * previous duration is kept.
 */
export function nextLedgerEntry(previous: LedgerEntry | undefined, stage: string, stack: string, outcome: LedgerOutcome, attempt: LedgerDeploy, failedInstances?: string[], operationMs?: number): LedgerEntry {
  const lastOperationMs = outcome === 'succeeded' && operationMs !== undefined ? Math.round(operationMs) : previous?.lastOperationMs;
  return {
    schemaVersion: LEDGER_SCHEMA_VERSION, stage, stack, lastOutcome: outcome, lastAttempt: attempt,
    ...(outcome === 'succeeded' ? { lastSuccess: attempt } : previous?.lastSuccess ? { lastSuccess: previous.lastSuccess } : {}),
    ...(failedInstances?.length ? { failedInstances: failedInstances.slice(0, 20) } : {}),
    ...(lastOperationMs !== undefined ? { lastOperationMs } : {}),
  };
}

/**
 * Whether `next` records nothing that `previous` does not: a successful redeploy of the same
 * commit, template, parameters and tags by the same tool version (only the time would change).
 * Such a redeploy writes no ledger entry, so an unchanged deploy makes no mutating call at all.
 */
export function recordsNothingNew(previous: LedgerEntry | undefined, next: LedgerEntry): boolean {
  const [a, b] = [previous?.lastSuccess, next.lastSuccess];
  return previous?.lastOutcome === 'succeeded' && next.lastOutcome === 'succeeded' && !previous.failedInstances?.length &&
    !next.failedInstances?.length && a !== undefined && b !== undefined && !a.dirty && !b.dirty &&
    a.commit === b.commit && a.templateHash === b.templateHash && a.toolVersion === b.toolVersion;
}

export async function writeLedgerEntry(ssm: SSMClient, entry: LedgerEntry): Promise<void> {
  const name = ledgerParameterName(entry.stage, entry.stack);
  try {
    await ssm.send(new PutParameterCommand({
      Name: name, Type: 'String', Overwrite: true, Value: JSON.stringify(entry),
      Description: `listbackup-deploy ledger of ${entry.stack}: last deploy and last success`,
    }));
  } catch (err) {
    throw explainAwsError(err, `writing the deploy ledger (ssm:PutParameter ${name})`);
  }
}
