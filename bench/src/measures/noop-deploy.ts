import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { AssemblyStack, connectAws, deployLocal } from '@listbackup/deploy';
import { FakeCloudFormation } from '@listbackup/deploy/testing';
import { startLocalAws } from '@listbackup/local-aws';
import { Measure } from '../results';
import { deployAgainstFake, repositoryStacks } from './deploy-graph';

const MUTATING = new Set(['CreateStack', 'UpdateStack', 'CreateChangeSet', 'ExecuteChangeSet', 'DeleteStack', 'DeleteChangeSet']);

/** Deploys the six stacks to a fresh local emulator, twice; the second must change nothing. */
async function noopOnMoto(stacks: AssemblyStack[]): Promise<{ held: string[]; ms: number; mutations: string[] }> {
  const aws = await startLocalAws();
  try {
    const mutations: string[] = [];
    const clients = await connectAws({
      region: aws.env.AWS_REGION,
      clientConfig: { endpoint: aws.endpoint, credentials: { accessKeyId: aws.env.AWS_ACCESS_KEY_ID, secretAccessKey: aws.env.AWS_SECRET_ACCESS_KEY } },
      onClient: (client) => (client as unknown as CloudFormationClient).middlewareStack.add((next, context) => async (args) => {
        if (MUTATING.has(String(context.commandName).replace(/Command$/, ''))) mutations.push(String(context.commandName));
        return next(args);
      }, { step: 'initialize', name: 'countMutations' }),
    });
    const options = { clients, printer: { line: () => undefined }, pollIntervalMs: 50, endpoint: aws.endpoint };
    await deployLocal(stacks, options);
    mutations.length = 0;
    const start = process.hrtime.bigint();
    await deployLocal(stacks, options);
    return { held: stacks.map((s) => s.stackName), ms: Number(process.hrtime.bigint() - start) / 1e6, mutations: [...mutations] };
  } finally {
    await aws.stop();
  }
}

/**
 * Redeploying six unchanged stacks: the second deploy must compare template, parameters and tags
 * with what is deployed and make no mutating call at all (not even a change set).
 */
export async function noopDeploy(root: string): Promise<Measure> {
  const stacks = repositoryStacks(root);
  const fake = new FakeCloudFormation();
  const first = await deployAgainstFake(fake, stacks, stacks.length);
  const again = await deployAgainstFake(fake, stacks, stacks.length);
  const moto = await noopOnMoto(stacks);
  const mutating = again.mutations.length + moto.mutations.length;
  return {
    name: 'noop-deploy',
    ratio: again.ms / first.ms,
    details: `six unchanged stacks against the CloudFormation fake: redeploy ${again.ms.toFixed(0)} ms vs first deploy ` +
      `${first.ms.toFixed(0)} ms, ${again.mutations.length} mutating calls; the local emulator (${moto.held.length} stacks): ` +
      `redeploy ${moto.ms.toFixed(0)} ms, ${moto.mutations.length} mutating calls; mutating calls in all: ${mutating} (goal 0)` +
      `${mutating ? `: ${[...again.mutations, ...moto.mutations].join(', ')}` : ''}`,
  };
}
