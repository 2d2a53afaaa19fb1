import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AssemblyStack, buildDeployGraph, connectAws, deployStack, Interrupt, Printer, readAssembly, stackDependencies } from '@listbackup/deploy';
import { FakeCloudFormation } from '@listbackup/deploy/testing';
import { App, CfnOutput, CfnResource, Fn, Stack } from 'aws-cdk-lib/core';
import { ASSEMBLY_FOLDER, hasCloudAssembly, STACK_PROJECTS } from '@listbackup/repository';
import { Measure } from '../results';

const quiet: Printer = { line: () => undefined };

/**
 * Deploys stacks through the real deploy code against the fake; returns wall ms, the mutating calls
 * and each stack's duration (what the deploy ledger records as `lastOperationMs`). `expected` are
 * durations of an earlier deploy, as `deployStacks` reads them from the ledger.
 */
export async function deployAgainstFake(fake: FakeCloudFormation, stacks: AssemblyStack[], concurrency: number, expected?: Record<string, number>):
Promise<{ ms: number; mutations: string[]; durations: Record<string, number> }> {
  const clients = await connectAws({
    region: 'us-east-1',
    clientConfig: { credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' } },
    onClient: (client) => fake.attach(client),
  });
  const before = fake.mutations().length;
  const interrupt = new Interrupt();
  const start = process.hrtime.bigint();
  // Assets are left out: the fake is CloudFormation only; publishing is measured nowhere here.
  const durations: Record<string, number> = {};
  const result = await buildDeployGraph(stacks, { withAssets: false }).run({
    deployStack: async (node) => {
      const deployed = await deployStack({ clients, printer: quiet, interrupt, pollIntervalMs: 10, requireApproval: 'never' }, node.stack);
      if (deployed.durationMs !== undefined) durations[node.id] = deployed.durationMs;
    },
    publishAsset: async () => undefined,
  }, { concurrency, expectedDurationMs: expected && ((node) => expected[node.id]) });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.failed.length) throw new Error(`deploy against the fake failed: ${result.failed.map((f) => `${f.id}: ${String(f.error)}`).join('; ')}`);
  return { ms, mutations: fake.mutations().slice(before), durations };
}

/** The longest chain of latencies through the dependency graph. */
export function criticalPath(stacks: AssemblyStack[], latency: (name: string) => number): number {
  const deps = stackDependencies(stacks);
  const memo = new Map<string, number>();
  const finish = (name: string): number => {
    if (!memo.has(name)) memo.set(name, latency(name) + Math.max(0, ...[...deps.get(name)!].map(finish)));
    return memo.get(name)!;
  };
  return Math.max(...stacks.map((s) => finish(s.stackName)));
}

/** The six synthesized stacks of the repository (each project's cdk.out). */
export function repositoryStacks(root: string): AssemblyStack[] {
  return STACK_PROJECTS.flatMap((p) => {
    const dir = path.join(root, p, ASSEMBLY_FOLDER);
    if (!hasCloudAssembly(dir)) {
      throw new Error(`${p} has no cdk.out: run 'npx projen synth' (or 'npx projen build') before the benchmarks`);
    }
    return readAssembly(dir).stacks;
  });
}

/**
 * A synthetic graph shaped like ours: five producers for every consumer, each consumer importing
 * one export of each of its five producers. Tiny templates: the graph is what is measured.
 */
export function syntheticStacks(count: number): AssemblyStack[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-graph-'));
  const app = new App({ outdir });
  const groups = Math.ceil(count / 6);
  let made = 0;
  for (let g = 0; g < groups && made < count; g++) {
    const producers: string[] = [];
    for (let p = 0; p < 5 && made < count; p++, made++) {
      const stack = new Stack(app, `producer-${g}-${p}`);
      new CfnResource(stack, 'Queue', { type: 'AWS::SQS::Queue' });
      const exportName = `listbackup-infrastructure-bench${g}x${p}-main-QueueArn`;
      new CfnOutput(stack, 'QueueArn', { value: 'arn', exportName });
      producers.push(exportName);
    }
    if (made < count) {
      const consumer = new Stack(app, `consumer-${g}`);
      new CfnResource(consumer, 'Topic', { type: 'AWS::SNS::Topic', properties: { DisplayName: Fn.join(',', producers.map((e) => Fn.importValue(e))) } });
      made++;
    }
  }
  return readAssembly(app.synth().directory).stacks;
}

/**
 * Latencies that differ per stack but are fixed, so runs compare. Real stack operations take
 * minutes; these are seconds, so the fixed cost of each deploy (describe, template comparison,
 * change set) weighs more here than it would against CloudFormation.
 */
export function latencies(stacks: AssemblyStack[], base = 1000, step = 250): Record<string, number> {
  return Object.fromEntries(stacks.map((s, i) => [s.stackName, base + ((i * 37) % 5) * step]));
}

export async function deployGraph(root: string): Promise<Measure> {
  const stacks = repositoryStacks(root);
  const fake = new FakeCloudFormation();
  Object.assign(fake.operationLatencyMs, latencies(stacks));
  const { ms } = await deployAgainstFake(fake, stacks, stacks.length);
  const critical = criticalPath(stacks, (n) => fake.operationLatencyMs[n]);
  const sequential = Object.values(fake.operationLatencyMs).reduce((a, b) => a + b, 0);
  return {
    name: 'deploy-graph',
    ratio: ms / critical,
    goal: 1.1,
    details: `six stacks against the CloudFormation fake, latencies ${stacks.map((s) => `${s.stackName.replace(/^listbackup-(infrastructure-)?/, '')}=${fake.operationLatencyMs[s.stackName]}ms`).join(' ')}: ` +
      `wall ${ms.toFixed(0)} ms vs critical path ${critical} ms; vs sequential sum ${sequential} ms: ratio ${(ms / sequential).toFixed(3)}`,
  };
}

/**
 * The deploy graph at scale against the real lower bound: no schedule of stacks at concurrency c
 * finishes before the longest dependency chain, nor before the total stack time divided by c.
 *
 * Each graph is deployed twice, each time to a fresh fake: first with no history (ready stacks
 * start by the length of the chain waiting on them, counted in stacks), then as a later deploy of
 * the same stacks, whose durations the first one measured, as the deploy ledger holds them
 * (`lastOperationMs`): the chains are then weighed in expected time. The ratio is the later deploy's.
 */
export async function deployGraphScale(): Promise<Measure> {
  const rows: string[][] = [];
  const concurrency = 10;
  for (const count of [6, 30, 60]) {
    const stacks = syntheticStacks(count);
    const latency = latencies(stacks, 200, 50);
    const critical = criticalPath(stacks, (n) => latency[n]);
    const total = Object.values(latency).reduce((a, b) => a + b, 0);
    const bound = Math.max(critical, total / concurrency);
    const first = new FakeCloudFormation();
    Object.assign(first.operationLatencyMs, latency);
    const cold = await deployAgainstFake(first, stacks, concurrency);
    const later = new FakeCloudFormation();
    Object.assign(later.operationLatencyMs, latency);
    const { ms } = await deployAgainstFake(later, stacks, concurrency, cold.durations);
    rows.push([String(count), String(concurrency), cold.ms.toFixed(0), ms.toFixed(0), String(critical), String(total), bound.toFixed(0), (cold.ms / bound).toFixed(3), (ms / bound).toFixed(3)]);
  }
  const last = rows[rows.length - 1];
  return {
    name: 'scale-deploy-graph-bound',
    ratio: Number(last[8]),
    goal: 1.15,
    details: `deploy graph of 6, 30 and 60 stacks (five producers per consumer) against the fake, concurrency ${concurrency}: ` +
      `wall / max(critical path, total stack time / concurrency) with the durations of an earlier deploy (the ledger's) ${rows.map((r) => `${r[0]}→${r[8]}`).join(', ')}; ` +
      `without them (a first deploy) ${rows.map((r) => `${r[0]}→${r[7]}`).join(', ')}; ratio at 60 stacks, with the durations`,
    table: {
      header: ['stacks', 'concurrency', 'wall ms, first deploy', 'wall ms, with durations', 'critical path ms', 'total stack ms', 'lower bound ms', 'first / bound', 'with durations / bound'],
      rows,
    },
  };
}
