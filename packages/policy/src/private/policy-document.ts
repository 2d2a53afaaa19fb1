/** One IAM statement after resolution, with the list-or-scalar fields normalised to lists. */
export interface PolicyStatement {
  readonly sid?: string;
  readonly effect: string;
  readonly principal: unknown;
  readonly actions: string[];
  readonly resources: unknown[];
  readonly condition: Record<string, Record<string, unknown>>;
}

/**
 * Condition keys that pin a public principal to known callers. A statement that grants `*` but
 * requires one of these (with a positive operator, not `...IfExists`) is not public.
 */
const RESTRICTING_KEYS = ['aws:sourceaccount', 'aws:principalaccount', 'aws:sourcearn', 'aws:principalorgid', 'aws:sourceorgid'];

export function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** The statements of a resolved policy document (an object with `Statement`), normalised. */
export function statementsOf(document: unknown): PolicyStatement[] {
  if (document === null || typeof document !== 'object') return [];
  return asList((document as Record<string, unknown>).Statement).map(normaliseStatement);
}

export function normaliseStatement(raw: unknown): PolicyStatement {
  const s = (raw ?? {}) as Record<string, unknown>;
  return {
    sid: typeof s.Sid === 'string' && s.Sid !== '' ? s.Sid : undefined,
    effect: String(s.Effect ?? 'Allow'),
    principal: s.Principal,
    actions: asList(s.Action).filter((a): a is string => typeof a === 'string'),
    resources: asList(s.Resource),
    condition: (s.Condition ?? {}) as Record<string, Record<string, unknown>>,
  };
}

/** `*`, `{ AWS: '*' }` or `{ AWS: ['*'] }`: anyone, including anonymous callers. */
export function isPublicPrincipal(principal: unknown): boolean {
  if (principal === '*') return true;
  if (principal === null || typeof principal !== 'object') return false;
  return Object.values(principal as Record<string, unknown>).some((v) => asList(v).includes('*'));
}

export function hasRestrictingCondition(condition: Record<string, Record<string, unknown>>): boolean {
  return Object.entries(condition).some(([operator, clauses]) =>
    !/Not|IfExists/.test(operator) &&
    Object.keys(clauses ?? {}).some((key) => RESTRICTING_KEYS.includes(key.toLowerCase())));
}

/** An Allow to a public principal that no condition narrows down. */
export function isPublicGrant(statement: PolicyStatement): boolean {
  return statement.effect === 'Allow' && isPublicPrincipal(statement.principal) &&
    !hasRestrictingCondition(statement.condition);
}

/** A Deny of every request made without TLS (`aws:SecureTransport` = false). */
export function deniesInsecureTransport(statement: PolicyStatement): boolean {
  if (statement.effect !== 'Deny') return false;
  const bool = statement.condition.Bool ?? {};
  const key = Object.keys(bool).find((k) => k.toLowerCase() === 'aws:securetransport');
  return key !== undefined && asList(bool[key]).some((v) => String(v) === 'false');
}
