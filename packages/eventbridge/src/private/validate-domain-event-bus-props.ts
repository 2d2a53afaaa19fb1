import { Duration } from 'aws-cdk-lib/core';
import { EVENT_SOURCES, PropsRule } from '@listbackup/conventions';

/** EventBridge limits, from the EventBridge API reference (CreateEventBus, PutRule). */
const BUS_NAME_PATTERN = /^[A-Za-z0-9._-]{1,256}$/;
const RULE_NAME_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
const RULE_ID_PATTERN = /^[A-Z][A-Za-z0-9]{0,63}$/;

/** One rule of the bus, as checked. */
export interface DomainEventRuleSettings {
  readonly id: string;
  readonly ruleName: string;
  readonly sourcePrefixes: readonly string[];
}

/** The values that are checked, already defaulted. */
export interface DomainEventBusSettings {
  readonly eventBusName: string;
  readonly archiveRetention: Duration;
  readonly rules: readonly DomainEventRuleSettings[];
}

const repeated = (ids: readonly string[]): string[] => [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
const days = (s: DomainEventBusSettings): number => s.archiveRetention.toDays({ integral: false });

/** The checks of one rule of the bus. */
function ruleRules(rule: DomainEventRuleSettings): PropsRule<DomainEventBusSettings>[] {
  return [
    { condition: () => !RULE_ID_PATTERN.test(rule.id), message: () => `rule id '${rule.id}' must be PascalCase letters and digits, at most 64` },
    {
      reads: () => [rule.ruleName],
      condition: () => !RULE_NAME_PATTERN.test(rule.ruleName),
      message: () => `rule ${rule.id}: its name '${rule.ruleName}' must be 1 to 64 letters, digits, '.', '-' or '_' (shorten the bus name or the rule id)`,
    },
    { condition: () => rule.sourcePrefixes.length === 0, message: () => `rule ${rule.id}: sourcePrefixes must list at least one prefix` },
    {
      condition: () => rule.sourcePrefixes.some((p) => p.trim() === ''),
      message: () => `rule ${rule.id}: an empty source prefix would match every event; name the domain, e.g. '${EVENT_SOURCES.jobs}'`,
    },
  ];
}

/** What `DomainEventBus` checks, over its defaulted settings. */
export function domainEventBusRules(settings: DomainEventBusSettings): PropsRule<DomainEventBusSettings>[] {
  return [
    {
      reads: (s) => [s.eventBusName],
      condition: (s) => !BUS_NAME_PATTERN.test(s.eventBusName),
      message: (s) => `eventBusName '${s.eventBusName}' must be 1 to 256 letters, digits, '.', '-' or '_'`,
    },
    {
      reads: (s) => [s.eventBusName],
      condition: (s) => s.eventBusName === 'default',
      message: () => "eventBusName must not be 'default': that is the account's own bus",
    },
    {
      reads: (s) => [s.archiveRetention],
      condition: (s) => !Number.isInteger(days(s)) || days(s) < 1,
      message: (s) => `archiveRetention must be a whole number of days, at least 1, got ${days(s)} days`,
    },
    { condition: (s) => s.rules.length === 0, message: () => 'rules must list at least one rule: a bus nobody reads only costs money' },
    {
      condition: (s) => repeated(s.rules.map((r) => r.id)).length > 0,
      message: (s) => `rule ids must be unique, repeated: ${repeated(s.rules.map((r) => r.id)).join(', ')}`,
    },
    ...settings.rules.flatMap(ruleRules),
  ];
}
