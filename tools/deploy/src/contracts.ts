import { parseExportName } from '@listbackup/conventions/names';
import { AssemblyStack } from './assembly';
import { DeployError } from './errors';
import { templateExports, templateImports } from './template';
import { WorkGraph } from './work-graph';

/** An export already in CloudFormation (ListExports). */
export interface DeployedExport {
  readonly name: string;
  readonly value: string;
  /** The exporting stack's name (from its id). */
  readonly stackName: string;
}

export interface ContractProblem {
  readonly stack: string;
  readonly message: string;
}

/**
 * Proves the export contract of a set of stacks before anything changes: every import resolves to
 * an export of a stack in the set or one already deployed, no export name is declared twice (or
 * already owned by another stack), and every export name is on the naming convention.
 */
export function checkContracts(stacks: AssemblyStack[], deployed: DeployedExport[] = []): ContractProblem[] {
  const problems: ContractProblem[] = [];
  const inGraph = new Map<string, string>();
  const names = new Set(stacks.map((s) => s.stackName));
  for (const stack of stacks) {
    for (const exp of templateExports(stack.template)) {
      const owner = inGraph.get(exp.exportName);
      if (owner) {
        problems.push({ stack: stack.stackName, message: `export '${exp.exportName}' (output ${exp.outputKey}) is also exported by ${owner}: export names are unique per account and region; rename one` });
      } else {
        inGraph.set(exp.exportName, stack.stackName);
      }
      if (!parseExportName(exp.exportName)) {
        problems.push({ stack: stack.stackName, message: `export '${exp.exportName}' (output ${exp.outputKey}) is not on the convention <service>-<stage>-<ResourceName>: build it with exportName() from @listbackup/conventions` });
      }
    }
  }
  const deployedByName = new Map(deployed.map((e) => [e.name, e]));
  for (const [name, owner] of inGraph) {
    const existing = deployedByName.get(name);
    if (existing && existing.stackName !== owner && !names.has(existing.stackName)) {
      problems.push({ stack: owner, message: `export '${name}' is already exported by deployed stack ${existing.stackName}: rename it, or destroy that stack first` });
    }
  }
  for (const stack of stacks) {
    for (const name of templateImports(stack.template)) {
      if (!inGraph.has(name) && !deployedByName.has(name)) {
        problems.push({ stack: stack.stackName, message: `imports '${name}', which no stack of this deploy exports and which is not deployed (ListExports): deploy the exporting stack first, or fix the name` });
      }
    }
  }
  return problems;
}

/** Stack name → names of the stacks it depends on: the exporters of its imports, plus manifest dependencies. */
export function stackDependencies(stacks: AssemblyStack[]): Map<string, Set<string>> {
  const exporter = new Map<string, string>();
  for (const stack of stacks) for (const exp of templateExports(stack.template)) exporter.set(exp.exportName, stack.stackName);
  const names = new Set(stacks.map((s) => s.stackName));
  return new Map(stacks.map((stack) => {
    const deps = new Set<string>(stack.manifestDependencies.filter((d) => names.has(d)));
    for (const name of templateImports(stack.template)) {
      const producer = exporter.get(name);
      if (producer && producer !== stack.stackName) deps.add(producer);
    }
    return [stack.stackName, deps];
  }));
}

/**
 * The work graph of a deploy: one node per stack (id = stack name), one per file or image asset, each stack
 * after its assets and after the stacks whose exports it imports.
 */
export function buildDeployGraph(stacks: AssemblyStack[], options: { withAssets?: boolean } = {}): WorkGraph {
  const graph = new WorkGraph();
  const deps = stackDependencies(stacks);
  for (const stack of stacks) {
    const assetIds: string[] = [];
    if (options.withAssets ?? true) {
      for (const asset of [...stack.fileAssets, ...stack.dockerImageAssets]) {
        const id = 'repositoryName' in asset ? `image:${asset.repositoryName}:${asset.imageTag}` : `asset:${asset.bucketName}/${asset.objectKey}`;
        if (!graph.allNodes.some((n) => n.id === id)) graph.addNode({ type: 'asset-publish', id, asset });
        assetIds.push(id);
      }
    }
    graph.addNode({ type: 'stack', id: stack.stackName, stack, dependencies: [...deps.get(stack.stackName)!, ...assetIds] });
  }
  return graph;
}

/** Throws one `ContractViolation` listing every problem, or returns when there is none. */
export function assertContracts(stacks: AssemblyStack[], deployed: DeployedExport[] = []): void {
  buildDeployGraph(stacks, { withAssets: false }).validate();
  const problems = checkContracts(stacks, deployed);
  if (problems.length) {
    throw new DeployError('ContractViolation',
      `the export contract is broken (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n` +
      problems.map((p) => `  - ${p.stack}: ${p.message}`).join('\n'));
  }
}
