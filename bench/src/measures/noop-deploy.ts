import { FakeCloudFormation } from '@listbackup/deploy/testing';
import { Measure } from '../results';
import { deployAgainstFake, repositoryStacks } from './deploy-graph';

/**
 * Redeploying six unchanged stacks: the second deploy must compare template, parameters and tags
 * with what is deployed and make no mutating call at all (not even a change set).
 */
export async function noopDeploy(root: string): Promise<Measure> {
  const stacks = repositoryStacks(root);
  const fake = new FakeCloudFormation();
  const first = await deployAgainstFake(fake, stacks, stacks.length);
  const again = await deployAgainstFake(fake, stacks, stacks.length);
  return {
    name: 'noop-deploy',
    ratio: again.ms / first.ms,
    details: `six unchanged stacks against the CloudFormation fake: redeploy ${again.ms.toFixed(0)} ms vs first deploy ` +
      `${first.ms.toFixed(0)} ms; mutating calls on redeploy: ${again.mutations.length} (goal 0)` +
      `${again.mutations.length ? `: ${again.mutations.join(', ')}` : ''}`,
  };
}
