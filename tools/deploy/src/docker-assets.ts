import { spawnSync } from 'node:child_process';
import { AssemblyStack } from './assembly';
import { DeployError } from './errors';

/** The container engine command the CDK uses: `CDK_DOCKER`, else `docker`. */
export function dockerCommand(): string {
  return process.env.CDK_DOCKER || 'docker';
}

/** Why no Docker engine can build images here, or undefined when one answers. */
export function dockerUnavailableReason(command = dockerCommand()): string | undefined {
  const probe = spawnSync(command, ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf-8', timeout: 15_000 });
  if (probe.error) {
    const code = (probe.error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `there is no '${command}' command on this machine` : `'${command} info' failed: ${probe.error.message}`;
  }
  if (probe.status !== 0) {
    const said = (probe.stderr || probe.stdout || '').trim().split('\n')[0];
    return `'${command} info' exited ${probe.status}${said ? ` (${said})` : ''}: the engine is not running or not reachable`;
  }
  return undefined;
}

/**
 * Refuses, before any AWS call that changes something, a deploy whose stacks need docker image
 * assets built when no engine can build them: publishing would otherwise fail after other assets
 * were uploaded. An image is built and pushed by the engine (`docker build`, `docker push`), so
 * there is nothing to do without one.
 */
export function assertDockerForImageAssets(stacks: AssemblyStack[], probe: () => string | undefined = dockerUnavailableReason): void {
  const needing = stacks.filter((s) => s.dockerImageAssets.length);
  if (!needing.length) return;
  const reason = probe();
  if (!reason) return;
  const images = needing.flatMap((s) => s.dockerImageAssets.map((a) => `  ${s.stackName}: image ${a.id}${a.directory ? ` from ${a.directory}` : ''} for ECR repository ${a.repositoryName}`));
  throw new DeployError('DockerUnavailable',
    `docker image assets need a Docker engine to build and push them, and ${reason}. Nothing was changed:\n${[...new Set(images)].join('\n')}\n` +
    'Start Docker (or set CDK_DOCKER to a compatible engine such as podman or finch), or deploy these stacks from a machine that has one; ' +
    `select the other stacks by name to deploy them without these (${needing.map((s) => s.stackName).join(', ')})`);
}
