import { AssemblyStack } from '../src/assembly';
import { DeployError } from '../src/errors';
import { StackNode, WorkGraph } from '../src/work-graph';

function stackNode(id: string, dependencies: string[] = []) {
  return { type: 'stack' as const, id, dependencies, stack: { stackName: id } as AssemblyStack };
}

function graphOf(edges: Record<string, string[]>): WorkGraph {
  const graph = new WorkGraph();
  for (const [id, deps] of Object.entries(edges)) graph.addNode(stackNode(id, deps));
  return graph;
}

/** A deploy action that records start/finish order and fails the named nodes. */
function recorder(options: { fail?: string[]; delays?: Record<string, number> } = {}) {
  const log: string[] = [];
  let running = 0;
  let maxRunning = 0;
  return {
    log,
    maxRunning: () => maxRunning,
    actions: {
      deployStack: async (node: StackNode) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        log.push(`start ${node.id}`);
        await new Promise((resolve) => setTimeout(resolve, options.delays?.[node.id] ?? 1));
        running--;
        log.push(`end ${node.id}`);
        if (options.fail?.includes(node.id)) throw new DeployError('StackFailed', `${node.id} broke`);
      },
      publishAsset: async () => undefined,
    },
  };
}

test('runs each node after its dependencies', async () => {
  const rec = recorder();
  const result = await graphOf({ core: ['tables', 'queues'], tables: [], queues: [] }).run(rec.actions);

  expect(result.done.sort()).toEqual(['core', 'queues', 'tables']);
  expect(rec.log.indexOf('start core')).toBeGreaterThan(rec.log.indexOf('end tables'));
  expect(rec.log.indexOf('start core')).toBeGreaterThan(rec.log.indexOf('end queues'));
});

test('never runs more nodes at once than the concurrency limit', async () => {
  const rec = recorder({ delays: { a: 20, b: 20, c: 20, d: 20 } });
  await graphOf({ a: [], b: [], c: [], d: [] }).run(rec.actions, { concurrency: 2 });
  expect(rec.maxRunning()).toBe(2);
});

test('of the nodes ready at once, the one with the longest chain waiting on it starts first', async () => {
  const rec = recorder();
  // `leaf` was added first, but `tables` holds up `core` and `api`.
  await graphOf({ leaf: [], tables: [], core: ['tables'], api: ['core'] }).run(rec.actions, { concurrency: 1 });
  expect(rec.log.filter((l) => l.startsWith('start'))).toEqual(['start tables', 'start core', 'start leaf', 'start api']);
});

test('with expected durations, the longest expected chain starts first; a node without one counts as the median', async () => {
  const rec = recorder();
  // Counted in nodes every chain is one long, so `a` (added first) would start first; by duration `c` holds the most.
  const graph = graphOf({ a: [], b: [], c: [], d: [] });
  const expected: Record<string, number> = { a: 100, b: 300, c: 900 };
  await graph.run(rec.actions, { concurrency: 1, expectedDurationMs: (node) => expected[node.id] });
  // d has no estimate: it counts as the median of 100, 300, 900, so it ties with b and follows it (added later).
  expect(rec.log.filter((l) => l.startsWith('start'))).toEqual(['start c', 'start b', 'start d', 'start a']);
});

test('expected durations weigh whole chains: a short node ahead of a long one starts before a longer single node, which starts before the long one', async () => {
  const rec = recorder();
  const graph = graphOf({ single: [], producer: [], consumer: ['producer'] });
  const expected: Record<string, number> = { single: 500, producer: 100, consumer: 450 };
  await graph.run(rec.actions, { concurrency: 1, expectedDurationMs: (node) => expected[node.id] });
  // producer + consumer = 550 ms > single 500 ms; then single 500 ms > consumer 450 ms.
  expect(rec.log.filter((l) => l.startsWith('start'))).toEqual(['start producer', 'start single', 'start consumer']);
});

test('a failure skips only its dependents; running siblings finish', async () => {
  const rec = recorder({ fail: ['tables'], delays: { queues: 30 } });
  const result = await graphOf({ tables: [], queues: [], core: ['tables', 'queues'], api: ['core'], reports: ['queues'] }).run(rec.actions);

  expect(result.failed.map((f) => f.id)).toEqual(['tables']);
  expect((result.failed[0].error as DeployError).code).toBe('StackFailed');
  expect(result.skipped.sort()).toEqual(['api', 'core']);
  expect(result.done.sort()).toEqual(['queues', 'reports']);
  expect(rec.log).toContain('end queues');
});

test('a stop request starts nothing new and skips what is pending', async () => {
  let stop = false;
  const rec = recorder();
  const graph = graphOf({ a: [], b: ['a'], c: ['b'] });
  const result = await graph.run({ ...rec.actions, deployStack: async (node) => { await rec.actions.deployStack(node); stop = true; } }, { stopRequested: () => stop });

  expect(result.done).toEqual(['a']);
  expect(result.skipped.sort()).toEqual(['b', 'c']);
  expect(result.stopped).toBe(true);
});

test('a cycle is named by its path', () => {
  const graph = graphOf({ a: ['b'], b: ['c'], c: ['a'], d: [] });
  expect(graph.findCycle()).toEqual(['a', 'b', 'c', 'a']);
  expect(() => graph.validate()).toThrow(/dependency cycle: a -> b -> c -> a/);
});

test('a dependency on an unknown node is a usage error', () => {
  expect(() => graphOf({ a: ['ghost'] }).validate()).toThrow(/'a' depends on 'ghost', which is not in the graph/);
});

test('reversed() turns every edge around, for destroy', async () => {
  const rec = recorder();
  await graphOf({ core: ['tables'], tables: [] }).reversed().run(rec.actions);
  expect(rec.log.indexOf('start tables')).toBeGreaterThan(rec.log.indexOf('end core'));
});
