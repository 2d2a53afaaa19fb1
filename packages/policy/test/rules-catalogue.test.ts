import * as fs from 'node:fs';
import * as path from 'node:path';
import { LISTBACKUP_RULES } from '../src';
import { loadFixtures } from './support/fixtures';
import { renderRulesCatalogue, ruleAreas } from './support/rules-catalogue';

const CATALOGUE = path.join(__dirname, '..', 'RULES.md');

test('RULES.md lists every rule of the pack as the pack and its fixtures say (npx projen rules writes it)', () => {
  const rendered = renderRulesCatalogue(LISTBACKUP_RULES, ruleAreas(path.join(__dirname, '..', 'src', 'rules')), loadFixtures());
  if (process.env.WRITE_RULES_CATALOGUE === '1') fs.writeFileSync(CATALOGUE, rendered);
  const committed = fs.existsSync(CATALOGUE) ? fs.readFileSync(CATALOGUE, 'utf8') : '';
  expect(committed).toBe(rendered);
});

test('the catalogue has one row per rule, each with its fixture', () => {
  const rendered = renderRulesCatalogue(LISTBACKUP_RULES, ruleAreas(path.join(__dirname, '..', 'src', 'rules')), loadFixtures());
  const rows = rendered.split('\n').filter((l) => l.startsWith('| [ListBackup-'));
  expect(rows.map((r) => /^\| \[(ListBackup-\w+)\]/.exec(r)?.[1])).toEqual(
    expect.arrayContaining(LISTBACKUP_RULES.map((r) => `ListBackup-${r.id}`)),
  );
  expect(rows).toHaveLength(LISTBACKUP_RULES.length);
  expect(rows.filter((r) => r.endsWith('| (none) |'))).toEqual([]);
});
