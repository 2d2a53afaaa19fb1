import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { FakeCloudFormation } from '../src/testing';
import { CORE, coreStack, QUEUES, queueStack, TABLES, tableStack, writeAssembly } from './fixtures/assemblies';
import { runAgainstFake } from './fixtures/run-cli';

/** The core stack with a docker image asset in its asset manifest, as `DockerImageAsset` synthesizes it. */
function withImageAsset(): string {
  const dir = writeAssembly([tableStack(), queueStack(), coreStack()]);
  const manifest = path.join(dir, `${CORE}.assets.json`);
  const assets = JSON.parse(readFileSync(manifest, 'utf-8'));
  assets.dockerImages = {
    abc123: {
      source: { directory: 'asset.abc123' },
      destinations: { 'current_account-current_region': {
        repositoryName: 'cdk-hnb659fds-container-assets-${AWS::AccountId}-${AWS::Region}', imageTag: 'abc123',
        assumeRoleArn: 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/cdk-hnb659fds-image-publishing-role-${AWS::AccountId}-${AWS::Region}',
      } },
    },
  };
  writeFileSync(manifest, JSON.stringify(assets));
  return dir;
}

const saved = process.env.CDK_DOCKER;
afterEach(() => {
  if (saved === undefined) delete process.env.CDK_DOCKER;
  else process.env.CDK_DOCKER = saved;
});

test.each([
  ['no docker command', '/nonexistent/docker', /there is no '\/nonexistent\/docker' command on this machine/],
  ['an engine that does not answer', 'false', /'false info' exited 1: the engine is not running or not reachable/],
])('a docker image asset without a Docker engine (%s) is refused before any call that changes something', async (_case, command, reason) => {
  process.env.CDK_DOCKER = command;
  const fake = new FakeCloudFormation();
  const run = await runAgainstFake(fake, ['deploy', '--assembly', withImageAsset()]);

  expect(run.code).toBe(1);
  expect(run.err).toMatch(/\[DockerUnavailable\]: docker image assets need a Docker engine to build and push them, and /);
  expect(run.err).toMatch(reason);
  expect(run.err).toMatch(new RegExp(`${CORE}: image abc123 from \\S+asset\\.abc123 for ECR repository cdk-hnb659fds-container-assets-`));
  expect(run.err).toContain('Start Docker (or set CDK_DOCKER to a compatible engine such as podman or finch)');
  expect(fake.mutations()).toEqual([]);
});

test('the stacks without image assets still deploy when selected by name', async () => {
  process.env.CDK_DOCKER = '/nonexistent/docker';
  const fake = new FakeCloudFormation();
  const run = await runAgainstFake(fake, ['deploy', TABLES, QUEUES, '--assembly', withImageAsset()]);
  expect(run.code).toBe(0);
  expect(fake.stack(TABLES)?.status).toBe('CREATE_COMPLETE');
  expect(fake.stack(CORE)).toBeUndefined();
});
