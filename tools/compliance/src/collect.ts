import * as fs from 'node:fs';
import * as path from 'node:path';
import { readPolicyResult } from '@listbackup/policy/synth';
import { ProjectReport, StackReport } from './model';
import { ComplianceError } from './errors';

/** The folder holding nx.json, from `start` upwards: the repository root. */
export function findRoot(start: string = process.cwd()): string {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'nx.json'))) return dir;
    if (path.dirname(dir) === dir) {
      throw new ComplianceError('NoRepositoryRoot', `no nx.json found in ${start} or any folder above it: run inside the repository or pass --root <folder>`);
    }
  }
}

/** The CDK apps of the repository: `packages/*` and `apps/*` with a cdk.json (a stray cdk.out of a library's tests does not make an app). */
export function projectDirs(root: string): string[] {
  return ['packages', 'apps'].flatMap((group) => {
    const base = path.join(root, group);
    if (!fs.existsSync(base)) return [];
    return fs.readdirSync(base).sort()
      .map((name) => path.join(group, name))
      .filter((dir) => fs.existsSync(path.join(root, dir, 'cdk.json')));
  });
}

interface Manifest {
  artifacts?: Record<string, { type: string; displayName?: string; properties?: { templateFile?: string } }>;
}

/** Reads one project's cloud assembly; a project without one is reported as not synthesized. */
export function collectProject(root: string, dir: string): ProjectReport {
  const name = path.basename(dir);
  const assembly = path.join(root, dir, 'cdk.out');
  const manifestFile = path.join(assembly, 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    return {
      name, dir, stacks: [],
      notSynthesized: `not synthesized: ${path.join(dir, 'cdk.out', 'manifest.json')} does not exist; run \`npx projen synth\` in ${dir}`,
    };
  }
  const manifest: Manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  const policy = readPolicyResult(assembly);
  const stacks = Object.entries(manifest.artifacts ?? {})
    .filter(([, a]) => a.type === 'aws:cloudformation:stack')
    .map(([id, a]) => ({ stack: a.displayName ?? id, templateFile: a.properties?.templateFile ?? `${id}.template.json` }))
    // Longest first, so a finding belongs to the innermost stack whose path prefixes it.
    .sort((a, b) => b.stack.length - a.stack.length);
  const owner = (constructPath: string) =>
    stacks.find((s) => constructPath === s.stack || constructPath.startsWith(`${s.stack}/`))?.stack;
  return {
    name, dir,
    stacks: stacks.map((s): StackReport => ({
      project: name,
      stack: s.stack,
      template: path.join(dir, 'cdk.out', s.templateFile),
      findings: policy.findings.filter((f) => owner(f.constructPath) === s.stack),
      acknowledgements: policy.acknowledgements.filter((a) => owner(a.constructPath) === s.stack),
    })).sort((a, b) => a.stack.localeCompare(b.stack)),
  };
}

export function collectProjects(root: string): ProjectReport[] {
  return projectDirs(root).map((dir) => collectProject(root, dir));
}
