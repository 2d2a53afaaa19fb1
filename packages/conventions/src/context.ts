import { ConfigurationError } from './errors';

/** Context keys every ListBackup app understands, with what they mean. */
export const COMMON_CONTEXT_KEYS: Record<string, string> = {
  stage: `the stage to synthesize (also: environment variable STAGE); default main`,
  tags: 'extra tags for every resource, a JSON object of string values',
};

/**
 * Keys that the CDK itself puts in the context (feature flags, CLI settings, cached lookups).
 * They are namespaced (`@aws-cdk/…`, `aws:cdk:…`, `availability-zones:…`) or CLI-owned.
 */
function isCdkOwnedKey(key: string): boolean {
  return key.startsWith('@') || key.includes(':') || ['acknowledged-issue-numbers', 'cli-telemetry'].includes(key);
}

/** Throws one error naming every unknown context key, with the known ones and a likely fix. */
export function validateContextKeys(context: Record<string, unknown>, known: Record<string, string>): void {
  const unknown = Object.keys(context).filter((key) => !isCdkOwnedKey(key) && !(key in known));
  if (unknown.length === 0) return;
  const lines = unknown.map((key) => {
    const suggestion = closest(key, Object.keys(known));
    return `  - '${key}'${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`;
  });
  const knownLines = Object.entries(known).map(([key, description]) => `  ${key}: ${description}`);
  throw new ConfigurationError('InvalidContext',
    `unknown CDK context key${unknown.length > 1 ? 's' : ''}:\n${lines.join('\n')}\n` +
    `remove ${unknown.length > 1 ? 'them' : 'it'} from --context / cdk.json / CDK_CONTEXT_JSON; this app knows:\n${knownLines.join('\n')}`,
  );
}

/** The extra tags of the context key `tags` (a JSON object of string values, or its text). */
export function parseTags(raw: unknown): Record<string, string> {
  if (raw === undefined) return {};
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new ConfigurationError('InvalidTags', `context key 'tags' is not valid JSON: ${raw}; pass an object such as {"CostCenter":"backup"}`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) ||
      Object.values(value).some((v) => typeof v !== 'string')) {
    throw new ConfigurationError('InvalidTags', `context key 'tags' must be an object of string values, such as {"CostCenter":"backup"}; got ${JSON.stringify(value)}`);
  }
  return value as Record<string, string>;
}

/** The known key within edit distance 2 of `key`, if any. */
function closest(key: string, candidates: string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(key, candidate);
    if (distance <= 2 && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}
