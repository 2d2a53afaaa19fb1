import { Duration, Token } from 'aws-cdk-lib';
import { failedRules, throwIfInvalid, ValidationRule } from '@listbackup/conventions';
import { IConstruct } from 'constructs';

/** EventBridge limits, from the EventBridge API reference (CreateEventBus, PutRule). */
const BUS_NAME_PATTERN = /^[A-Za-z0-9._-]{1,256}$/;
const RULE_NAME_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
const RULE_ID_PATTERN = /^[A-Z][A-Za-z0-9]{0,63}$/;

/** The values that are checked, already defaulted. */
export interface DomainEventBusSettings {
  readonly eventBusName: string;
  readonly archiveRetention: Duration;
  readonly rules: ReadonlyArray<{ readonly id: string; readonly ruleName: string; readonly sourcePrefixes: readonly string[] }>;
}

const known = (value: string): boolean => !Token.isUnresolved(value);

/**
 * Checks every setting and throws one error listing every failure, after removing the construct
 * from its scope so that bad input changes nothing. Unresolved tokens are skipped.
 */
export function validateDomainEventBusSettings(scope: IConstruct, settings: DomainEventBusSettings): void {
  const name = settings.eventBusName;
  const retentionDays = settings.archiveRetention.toDays({ integral: false });
  const ids = settings.rules.map((r) => r.id);
  const rules: ValidationRule[] = [
    {
      condition: known(name) && !BUS_NAME_PATTERN.test(name),
      message: `eventBusName '${name}' must be 1 to 256 letters, digits, '.', '-' or '_'`,
    },
    { condition: known(name) && name === 'default', message: "eventBusName must not be 'default': that is the account's own bus" },
    {
      condition: !Token.isUnresolved(retentionDays) && (!Number.isInteger(retentionDays) || retentionDays < 1),
      message: `archiveRetention must be a whole number of days, at least 1, got ${retentionDays} days`,
    },
    { condition: settings.rules.length === 0, message: 'rules must list at least one rule: a bus nobody reads only costs money' },
    {
      condition: ids.some((id, i) => ids.indexOf(id) !== i),
      message: `rule ids must be unique, repeated: ${[...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))].join(', ')}`,
    },
    ...settings.rules.flatMap((rule) => [
      { condition: !RULE_ID_PATTERN.test(rule.id), message: `rule id '${rule.id}' must be PascalCase letters and digits, at most 64` },
      {
        condition: known(rule.ruleName) && !RULE_NAME_PATTERN.test(rule.ruleName),
        message: `rule ${rule.id}: its name '${rule.ruleName}' must be 1 to 64 letters, digits, '.', '-' or '_' (shorten the bus name or the rule id)`,
      },
      { condition: rule.sourcePrefixes.length === 0, message: `rule ${rule.id}: sourcePrefixes must list at least one prefix` },
      {
        condition: rule.sourcePrefixes.some((p) => known(p) && p.trim() === ''),
        message: `rule ${rule.id}: an empty source prefix would match every event; name the domain, e.g. 'listbackup.jobs'`,
      },
    ]),
  ];
  const failures = failedRules(rules);
  // Bad input changes nothing: the half-built construct leaves the tree before the error.
  if (failures.length > 0) scope.node.scope?.node.tryRemoveChild(scope.node.id);
  throwIfInvalid({ path: scope.node.path, subject: 'event bus settings', failures, fix: 'fix these props of DomainEventBus and synthesize again' });
}
