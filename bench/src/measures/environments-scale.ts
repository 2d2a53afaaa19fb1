import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { standardTags } from '@listbackup/conventions';
import { CORE_SERVICE, ENVIRONMENT_METADATA_TYPE, exportName, INFRASTRUCTURE_KINDS, resolveEnvironment, serviceName, StageEnvironment, stackName } from '@listbackup/conventions/names';
import { AssemblyStack, connectAws, deployStacks, operationLowerBoundMs, readAssembly } from '@listbackup/deploy';
import { FakeCloudFormation, FakeSsm } from '@listbackup/deploy/testing';
import { Measure } from '../results';

/*
 * Deploy at the scale of a platform team, against the CloudFormation fake with set latencies,
 * through the real deploy path (contracts, ledger, StackSets): wall time against the lower bound
 * the concurrency settings allow, and the API calls each stack instance costs.
 */

const quiet = { line: () => undefined };

/** Six stacks shaped like ours for one stage: five producers, and a core stack importing one export of each. */
function writeStage(stage: string, env?: StageEnvironment): AssemblyStack[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-stage-${stage}-`));
  const resolved = env ? resolveEnvironment(stage, { [stage]: env }) : undefined;
  const artifacts: Record<string, unknown> = {};
  const add = (name: string, service: string, template: object) => {
    fs.writeFileSync(path.join(dir, `${name}.template.json`), JSON.stringify(template));
    artifacts[name] = {
      type: 'aws:cloudformation:stack', environment: 'aws://unknown-account/unknown-region', displayName: name,
      properties: { templateFile: `${name}.template.json`, tags: standardTags(service, stage) },
      ...(resolved ? { metadata: { [`/${name}`]: [{ type: ENVIRONMENT_METADATA_TYPE, data: resolved }] } } : {}),
    };
  };
  const exports = INFRASTRUCTURE_KINDS.map((kind) => exportName(serviceName(kind), stage, 'QueueArn'));
  INFRASTRUCTURE_KINDS.forEach((kind, i) => add(stackName(serviceName(kind), stage), serviceName(kind), {
    Resources: { Queue: { Type: 'AWS::SQS::Queue' } },
    Outputs: { QueueArn: { Value: { 'Fn::GetAtt': ['Queue', 'Arn'] }, Export: { Name: exports[i] } } },
  }));
  add(stackName(CORE_SERVICE, stage), CORE_SERVICE, {
    Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { DisplayName: { 'Fn::Join': [',', exports.map((e) => ({ 'Fn::ImportValue': e }))] } } } },
  });
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ version: '55.0.0', artifacts }));
  return readAssembly(dir).stacks;
}

async function clientsFor(fake: FakeCloudFormation, ssm: FakeSsm) {
  return connectAws({
    region: 'us-east-1',
    clientConfig: { credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' } },
    onClient: (client) => { fake.attach(client); ssm.attach(client); },
  });
}

/** 50 stages of 6 stacks, each stage its own deploy (its own pipeline), all at once. */
export async function manyStages(stageCount = 50): Promise<Measure> {
  const fake = new FakeCloudFormation();
  const ssm = new FakeSsm();
  const stages = Array.from({ length: stageCount }, (_, i) => writeStage(`stage${String(i).padStart(2, '0')}`));
  const producerMs = 600;
  const coreMs = 400;
  for (const stacks of stages) for (const s of stacks) fake.operationLatencyMs[s.stackName] = s.stackName.startsWith(`${CORE_SERVICE}-`) ? coreMs : producerMs;
  const clients = await clientsFor(fake, ssm);
  const pollIntervalMs = 50;
  const start = process.hrtime.bigint();
  await Promise.all(stages.map((stacks) => deployStacks(stacks, { clients, printer: quiet, pollIntervalMs, concurrency: 6, requireApproval: 'never', repository: os.tmpdir() })));
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  // Every stage's five producers run at once, then its core stack: the critical path of each stage.
  const lowerBound = producerMs + coreMs;
  const instances = stageCount * 6;
  const cfnCalls = fake.calls.length;
  const ssmCalls = ssm.calls.length;
  return {
    name: 'environments-50-stages',
    ratio: ms / lowerBound,
    details: `${stageCount} stages × 6 stacks (${instances} stacks) deployed at once against the fake, producers ${producerMs} ms, core ${coreMs} ms, ` +
      `poll ${pollIntervalMs} ms: wall ${ms.toFixed(0)} ms vs lower bound ${lowerBound} ms (one stage's critical path); ` +
      `${(cfnCalls / instances).toFixed(1)} CloudFormation + ${(ssmCalls / instances).toFixed(1)} SSM (ledger) calls per stack`,
  };
}

/** One stage over 20 accounts × 3 regions: six StackSets, the engine's concurrency and region order. */
export async function stackSetFleet(): Promise<Measure> {
  const accounts = Array.from({ length: 20 }, (_, i) => String(100000000000 + i));
  const regions = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
  const instanceMs = 150;
  const rows: string[][] = [];
  let headline: number | undefined;
  // The tool's own cost, and the loading of its code: the same deploy with instances that take no time.
  const fixedCost = async (stage: string, env: StageEnvironment) => {
    const fake = new FakeCloudFormation();
    const ssm = new FakeSsm();
    const clients = await clientsFor(fake, ssm);
    const start = process.hrtime.bigint();
    await deployStacks(writeStage(stage, env), { clients, printer: quiet, pollIntervalMs: 20, concurrency: 6, requireApproval: 'never', repository: os.tmpdir() });
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  for (const regionConcurrency of ['SEQUENTIAL', 'PARALLEL'] as const) {
    const env: StageEnvironment = {
      accounts, regions,
      stackSets: { maxConcurrent: { percentage: 25 }, failureTolerance: { count: 4 }, regionConcurrency },
    };
    const stage = regionConcurrency === 'SEQUENTIAL' ? 'fleet' : 'fleetpar';
    const overheadMs = await fixedCost(`${stage}warm`, env);
    const stacks = writeStage(stage, env);
    const fake = new FakeCloudFormation();
    fake.stackSets.instanceLatencyMs = instanceMs;
    const ssm = new FakeSsm();
    const clients = await clientsFor(fake, ssm);
    const pollIntervalMs = 20;
    const start = process.hrtime.bigint();
    await deployStacks(stacks, { clients, printer: quiet, pollIntervalMs, concurrency: 6, requireApproval: 'never', repository: os.tmpdir() });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    // Five StackSets at once, then core-service's: two operations on the critical path.
    const resolved = resolveEnvironment(stage, { [stage]: env })!;
    const lowerBound = 2 * operationLowerBoundMs(resolved, accounts.length, instanceMs);
    const instances = stacks.length * accounts.length * regions.length;
    const ratio = ms / lowerBound;
    if (regionConcurrency === 'SEQUENTIAL') headline = ratio;
    rows.push([regionConcurrency, String(instances), ms.toFixed(0), String(lowerBound), ratio.toFixed(3),
      (fake.calls.length / instances).toFixed(3), String(fake.mutations().length), overheadMs.toFixed(0)]);
  }
  return {
    name: 'environments-stackset-fleet',
    ratio: headline,
    goal: 1.25,
    details: `1 stage × 20 accounts × 3 regions × 6 StackSets against the fake, ${instanceMs} ms per instance, MaxConcurrentPercentage 25, ` +
      `FailureToleranceCount 4 (STRICT: 5 accounts at once), poll 20 ms, after a warm-up: ` +
      rows.map((r) => `${r[0]} wall ${r[2]} ms vs lower bound ${r[3]} ms (${r[4]}), ${r[5]} API calls per stack instance`).join('; ') +
      `; the same deploys with instances taking no time cost ${rows.map((r) => `${r[7]} ms`).join(' and ')} (the tool's own work, a fixed cost)`,
    table: { header: ['regions', 'stack instances', 'wall ms', 'lower bound ms', 'wall / bound', 'API calls per instance', 'mutating calls', 'fixed cost ms'], rows },
  };
}
