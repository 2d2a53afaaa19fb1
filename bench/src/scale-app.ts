/**
 * A DynamoDB stack of N tables (the ListBackup catalog repeated), with its exports and the policy
 * packs, synthesized once. `node lib/scale-app.js <tables> <outdir>`; prints one JSON line.
 */
import { Stack } from 'aws-cdk-lib/core';
import { applyStandardTags, ListBackupApp, serviceName, ServiceContract } from '@listbackup/conventions';
import { LISTBACKUP_TABLES, SecureTable, TABLE_NAMES } from '@listbackup/dynamodb';
import { applyPolicy, synthPolicyResult } from '@listbackup/policy/synth';

const count = Number(process.argv[2]);
const outdir = process.argv[3];
const app = new ListBackupApp({ outdir, context: { stage: 'main' } });
const stack = new Stack(app, `listbackup-infrastructure-dynamodb-scale${count}`);
const names = Array.from({ length: count }, (_, i) => `${TABLE_NAMES[i % TABLE_NAMES.length]}${Math.floor(i / TABLE_NAMES.length)}`);
const contract = new ServiceContract(serviceName('dynamodb'), names.flatMap((n) => [`${n}Name`, `${n}Arn`]));
names.forEach((name, i) => {
  const table = new SecureTable(stack, name, LISTBACKUP_TABLES[TABLE_NAMES[i % TABLE_NAMES.length]]);
  contract.export(stack, 'main', `${name}Name`, table.tableName);
  contract.export(stack, 'main', `${name}Arn`, table.tableArn);
});
applyStandardTags(stack, serviceName('dynamodb'), 'main');
applyPolicy(app);
try {
  // The catalog's tables carry no acknowledgements here: their findings are counted, not fatal.
  const result = synthPolicyResult(app);
  console.log(JSON.stringify({ outcome: 'synthesized', findings: result.findings.length }));
} catch (error) {
  const message = (error as Error).message;
  const refused = /CloudFormation allows/.test(message);
  console.log(JSON.stringify({ outcome: refused ? 'refused' : 'failed', message: message.split('\n').find((l) => /CloudFormation allows/.test(l)) ?? message.slice(0, 300) }));
}
