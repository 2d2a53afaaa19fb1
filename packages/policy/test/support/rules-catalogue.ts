import * as fs from 'node:fs';
import * as path from 'node:path';
import { PolicyRule } from '../../src';
import { FixtureFile } from './fixtures';

/** `src/rules/<area>/<RuleId>.ts`: the area of each rule id, from the file that defines it. */
export function ruleAreas(rulesDir: string): Map<string, string> {
  return new Map(fs.readdirSync(rulesDir, { recursive: true }).map(String)
    .filter((f) => f.endsWith('.ts') && path.basename(f) !== 'rule.ts')
    .map((f) => [path.basename(f, '.ts'), path.dirname(f).split(path.sep).join('/')]));
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

/**
 * RULES.md: every rule of ListBackupChecks with its level, what it checks, how to fix it, and the
 * negative fixture that proves it fires, in the pack's order, one table per area.
 */
export function renderRulesCatalogue(rules: readonly PolicyRule[], areas: Map<string, string>, fixtures: readonly FixtureFile[]): string {
  const lines = [
    '# ListBackupChecks rules',
    '',
    '<!-- Generated from LISTBACKUP_RULES and test/fixtures by test/rules-catalogue.test.ts: run `npx projen rules` in packages/policy. -->',
    '',
    'Each rule is one file, `src/rules/<area>/<RuleId>.ts`, reported as `ListBackup-<RuleId>`; a rule',
    'that names a finding reports `ListBackup-<RuleId>[<finding>]` and is acknowledged by that full id.',
    'Each has a negative fixture under `test/fixtures/` that must fail it and no other ListBackup rule.',
    '',
  ];
  const byArea = new Map<string, PolicyRule[]>();
  for (const rule of rules) {
    const area = areas.get(rule.id) ?? '(no file)';
    byArea.set(area, [...(byArea.get(area) ?? []), rule]);
  }
  for (const [area, inArea] of byArea) {
    lines.push(`## ${area}`, '', '| Rule ID | Level | Cause | Explanation | Negative fixture |', '|---|---|---|---|---|');
    for (const rule of inArea) {
      const id = `ListBackup-${rule.id}`;
      const caught = fixtures.filter((f) => f.caughtBy === id)
        .map((f) => `[${cell(f.name)}](test/fixtures/${f.file})`).join('<br>') || '(none)';
      lines.push(`| [${id}](src/rules/${area}/${rule.id}.ts) | ${rule.level} | ${cell(rule.info)} | ${cell(rule.explanation)} | ${caught} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
