import { AssemblyStack, DockerImageAsset, FileAsset } from './assembly';
import { DeployError } from './errors';

export type WorkState = 'pending' | 'deploying' | 'done' | 'failed' | 'skipped';

interface WorkNodeBase {
  readonly id: string;
  readonly dependencies: Set<string>;
  state: WorkState;
  error?: unknown;
}

/** Deploys (or destroys) one stack. */
export interface StackNode extends WorkNodeBase {
  readonly type: 'stack';
  readonly stack: AssemblyStack;
}

/** Publishes one file or docker image asset before the stacks that use it. */
export interface AssetPublishNode extends WorkNodeBase {
  readonly type: 'asset-publish';
  readonly asset: FileAsset | DockerImageAsset;
}

export type WorkNode = StackNode | AssetPublishNode;

/** What the graph does with each kind of node; passed in so the graph runs with fakes in tests. */
export interface WorkActions {
  readonly deployStack: (node: StackNode) => Promise<void>;
  readonly publishAsset: (node: AssetPublishNode) => Promise<void>;
}

export interface WorkGraphRunOptions {
  /** How many nodes run at once. @default 4 */
  readonly concurrency?: number;
  /** Checked before each start: once true, nothing new starts and what is pending is skipped. */
  readonly stopRequested?: () => boolean;
  /**
   * How long a node is expected to take (a stack's last operation, from the deploy ledger), or
   * undefined when not known. Of the nodes ready at once, those with the longest expected chain of
   * work through them and their dependents start first; a node without an estimate counts as the
   * median of the known ones. With no estimate at all, every node counts as one.
   */
  readonly expectedDurationMs?: (node: WorkNode) => number | undefined;
}

export interface WorkGraphResult {
  readonly done: string[];
  readonly failed: { id: string; error: unknown }[];
  readonly skipped: string[];
  readonly stopped: boolean;
}

type NewNode = Omit<StackNode, 'state' | 'dependencies'> & { dependencies?: Iterable<string> }
| Omit<AssetPublishNode, 'state' | 'dependencies'> & { dependencies?: Iterable<string> };

/**
 * A dependency graph of deploy work: a node starts when everything it depends on is done; a failure
 * lets running work finish, skips only the nodes that depend on the failed one, and the run then
 * reports failure. Modelled on the work graph of the AWS CDK toolkit.
 */
export class WorkGraph {
  private readonly nodes = new Map<string, WorkNode>();

  public addNode(node: NewNode): WorkNode {
    if (this.nodes.has(node.id)) throw new DeployError('UsageError', `work node '${node.id}' was added twice`);
    const created = { ...node, dependencies: new Set(node.dependencies ?? []), state: 'pending' } as WorkNode;
    this.nodes.set(node.id, created);
    return created;
  }

  public addDependency(from: string, to: string): void {
    this.node(from).dependencies.add(to);
  }

  public node(id: string): WorkNode {
    const node = this.nodes.get(id);
    if (!node) throw new DeployError('UsageError', `no work node '${id}'`);
    return node;
  }

  public get allNodes(): WorkNode[] {
    return [...this.nodes.values()];
  }

  /** The same nodes with every edge turned around: what `destroy` walks. */
  public reversed(): WorkGraph {
    const graph = new WorkGraph();
    for (const node of this.nodes.values()) {
      const { state: _state, error: _error, dependencies: _deps, ...rest } = node;
      graph.addNode({ ...rest, dependencies: [] } as NewNode);
    }
    for (const node of this.nodes.values()) {
      for (const dep of node.dependencies) if (this.nodes.has(dep)) graph.addDependency(dep, node.id);
    }
    return graph;
  }

  /** A dependency cycle as a path that starts and ends on the same node, or undefined. */
  public findCycle(): string[] | undefined {
    const visiting: string[] = [];
    const finished = new Set<string>();
    const visit = (id: string): string[] | undefined => {
      const at = visiting.indexOf(id);
      if (at >= 0) return [...visiting.slice(at), id];
      if (finished.has(id) || !this.nodes.has(id)) return undefined;
      visiting.push(id);
      for (const dep of [...this.node(id).dependencies].sort()) {
        const cycle = visit(dep);
        if (cycle) return cycle;
      }
      visiting.pop();
      finished.add(id);
      return undefined;
    };
    for (const id of [...this.nodes.keys()].sort()) {
      const cycle = visit(id);
      if (cycle) return cycle;
    }
    return undefined;
  }

  /** Throws `DependencyCycle` naming the path, or a `UsageError` for a dependency on an unknown node. */
  public validate(): void {
    for (const node of this.nodes.values()) {
      for (const dep of node.dependencies) {
        if (!this.nodes.has(dep)) throw new DeployError('UsageError', `'${node.id}' depends on '${dep}', which is not in the graph`);
      }
    }
    const cycle = this.findCycle();
    if (cycle) {
      throw new DeployError('DependencyCycle',
        `dependency cycle: ${cycle.join(' -> ')}; break it by removing one of these imports (or stack dependencies)`);
    }
  }

  /** Runs every node in dependency order; resolves with what happened to each (never rejects for a node failure). */
  public async run(actions: WorkActions, options: WorkGraphRunOptions = {}): Promise<WorkGraphResult> {
    this.validate();
    const concurrency = Math.max(1, options.concurrency ?? 4);
    const running = new Map<string, Promise<void>>();
    let stopped = false;

    const skipDependents = (failedId: string) => {
      for (const node of this.nodes.values()) {
        if (node.state === 'pending' && this.dependsOn(node.id, failedId)) node.state = 'skipped';
      }
    };
    // Of the nodes ready at once, those with the longest chain of work waiting on them start first
    // (list scheduling by critical path): when the graph is wider than the concurrency, the nodes
    // that unblock the most follow-on work take the free slots, and the run ends with the leaves.
    // Counted in nodes, the chains of a wide graph tie, and the last slots idle behind the longest
    // stacks; weighted by expected durations, the long work starts first and the tail is short.
    const chain = this.chainLengths(this.weights(options.expectedDurationMs));
    const order = [...this.nodes.values()].sort((a, b) => chain.get(b.id)! - chain.get(a.id)!);
    const ready = () => order.filter((n) =>
      n.state === 'pending' && [...n.dependencies].every((d) => this.node(d).state === 'done'));

    for (;;) {
      if (!stopped && options.stopRequested?.()) {
        stopped = true;
        for (const node of this.nodes.values()) if (node.state === 'pending') node.state = 'skipped';
      }
      if (!stopped) {
        for (const node of ready()) {
          if (running.size >= concurrency) break;
          node.state = 'deploying';
          const work = node.type === 'stack' ? actions.deployStack(node) : actions.publishAsset(node);
          running.set(node.id, work.then(
            () => { node.state = 'done'; },
            (err) => { node.state = 'failed'; node.error = err; skipDependents(node.id); },
          ).finally(() => running.delete(node.id)));
        }
      }
      if (running.size === 0) break;
      await Promise.race(running.values());
    }
    // Anything still pending waited on work that never finished (only possible after a stop).
    for (const node of this.nodes.values()) if (node.state === 'pending') node.state = 'skipped';

    const all = [...this.nodes.values()];
    return {
      done: all.filter((n) => n.state === 'done').map((n) => n.id),
      failed: all.filter((n) => n.state === 'failed').map((n) => ({ id: n.id, error: n.error })),
      skipped: all.filter((n) => n.state === 'skipped').map((n) => n.id),
      stopped,
    };
  }

  /** Each node's weight: its expected duration, the median of the known ones when it has none, 1 when none is known. */
  private weights(expected?: (node: WorkNode) => number | undefined): Map<string, number> {
    const known = new Map<string, number>();
    for (const node of this.nodes.values()) {
      const ms = expected?.(node);
      if (ms !== undefined && Number.isFinite(ms) && ms >= 0) known.set(node.id, ms);
    }
    const sorted = [...known.values()].sort((a, b) => a - b);
    const median = sorted.length ? sorted[Math.floor(sorted.length / 2)] : 1;
    return new Map([...this.nodes.keys()].map((id) => [id, Math.max(1, known.get(id) ?? median)]));
  }

  /** Per node, the summed weight of the longest chain that starts at it and runs through its dependents. */
  private chainLengths(weights: Map<string, number>): Map<string, number> {
    const dependents = new Map<string, string[]>([...this.nodes.keys()].map((id) => [id, []]));
    for (const node of this.nodes.values()) for (const dep of node.dependencies) dependents.get(dep)?.push(node.id);
    const lengths = new Map<string, number>();
    const length = (id: string): number => {
      if (!lengths.has(id)) lengths.set(id, weights.get(id)! + Math.max(0, ...dependents.get(id)!.map(length)));
      return lengths.get(id)!;
    };
    for (const id of this.nodes.keys()) length(id);
    return lengths;
  }

  private dependsOn(id: string, target: string, seen = new Set<string>()): boolean {
    if (seen.has(id)) return false;
    seen.add(id);
    return [...this.node(id).dependencies].some((d) => d === target || this.dependsOn(d, target, seen));
  }
}
