import { readAssembly } from '../src/assembly';
import { assertContracts, buildDeployGraph, checkContracts } from '../src/contracts';
import { coreStack, queueStack, tableStack, writeAssembly } from './fixtures/assemblies';

const read = (...specs: Parameters<typeof writeAssembly>[0]) => readAssembly(writeAssembly(specs)).stacks;

test('the stack graph follows imports to their exporters', () => {
  const graph = buildDeployGraph(read(tableStack(), queueStack(), coreStack()), { withAssets: false });
  expect([...graph.node('listbackup-core-test').dependencies].sort()).toEqual(['listbackup-infrastructure-dynamodb-test', 'listbackup-infrastructure-sqs-test']);
  expect([...graph.node('listbackup-infrastructure-sqs-test').dependencies]).toEqual([]);
});

test('a consistent set of stacks has no problems', () => {
  expect(checkContracts(read(tableStack(), queueStack(), coreStack()))).toEqual([]);
});

test('an import is satisfied by an export that is already deployed', () => {
  const stacks = read(coreStack());
  const deployed = ['listbackup-infrastructure-dynamodb-test-UsersTableName', 'listbackup-infrastructure-sqs-test-SyncQueueUrl']
    .map((name) => ({ name, value: 'v', stackName: name.replace(/-[A-Za-z]+$/, '') }));
  expect(checkContracts(stacks, deployed)).toEqual([]);
  expect(checkContracts(stacks, deployed.slice(1))).toEqual([expect.objectContaining({ message: expect.stringMatching(/imports 'listbackup-infrastructure-dynamodb-test-UsersTableName'/) })]);
});

test('a duplicated export name is named with both stacks', () => {
  const clash = { ...queueStack(), template: { Outputs: { UsersTableName: { Value: 'x', Export: { Name: 'listbackup-infrastructure-dynamodb-test-UsersTableName' } } } } };
  expect(() => assertContracts(read(tableStack(), clash))).toThrow(/export 'listbackup-infrastructure-dynamodb-test-UsersTableName' \(output UsersTableName\) is also exported by listbackup-infrastructure-dynamodb-test/);
});

test('an export already owned by another deployed stack is refused', () => {
  const problems = checkContracts(read(tableStack()), [{ name: 'listbackup-infrastructure-dynamodb-test-UsersTableName', value: 'x', stackName: 'legacy-stack' }]);
  expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/already exported by deployed stack legacy-stack/)]);
});

test('an export name off the convention is refused with how to build it', () => {
  const off = tableStack('test', { Outputs: { T: { Value: 'x', Export: { Name: 'UsersTable' } } } });
  expect(() => assertContracts(read(off))).toThrow(/export 'UsersTable' \(output T\) is not on the convention <service>-<stage>-<ResourceName>: build it with exportName\(\)/);
});

test('every problem is listed in one error', () => {
  const off = tableStack('test', { Outputs: { T: { Value: 'x', Export: { Name: 'bad-name' } } } });
  expect(() => assertContracts(read(off, coreStack()))).toThrow(/3 problems/);
});
