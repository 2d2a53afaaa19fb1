import * as fs from 'node:fs';
import * as path from 'node:path';
import { INFRASTRUCTURE_KINDS } from '@listbackup/conventions/names';
import { CORE_SERVICE_PROJECT, findRepositoryRoot, INFRASTRUCTURE_PROJECTS, STACK_PROJECTS, stackAssemblies } from '../src';

const root = findRepositoryRoot(__dirname);

test('one infrastructure project per kind, in the order of the kinds, then the core service', () => {
  expect(INFRASTRUCTURE_PROJECTS).toHaveLength(INFRASTRUCTURE_KINDS.length);
  INFRASTRUCTURE_KINDS.forEach((kind, i) => expect(path.basename(INFRASTRUCTURE_PROJECTS[i])).toBe(kind));
  expect(STACK_PROJECTS).toEqual([...INFRASTRUCTURE_PROJECTS, CORE_SERVICE_PROJECT]);
});

test('every stack project is a CDK app of this repository', () => {
  for (const project of STACK_PROJECTS) {
    expect({ project, app: fs.existsSync(path.join(root, project, 'cdk.json')) }).toEqual({ project, app: true });
  }
});

test('no CDK app of the repository is left out', () => {
  const apps = ['packages', 'apps'].flatMap((group) => fs.readdirSync(path.join(root, group))
    .map((name) => `${group}/${name}`)
    .filter((dir) => fs.existsSync(path.join(root, dir, 'cdk.json'))));
  expect([...STACK_PROJECTS].sort()).toEqual(apps.sort());
});

test('the assemblies are each project\'s cdk.out', () => {
  expect(stackAssemblies('/repo')).toEqual(STACK_PROJECTS.map((p) => `/repo/${p}/cdk.out`));
});
