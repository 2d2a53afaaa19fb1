import * as fs from 'node:fs';
import * as path from 'node:path';
import { readPolicyResult } from '@listbackup/policy/synth';
import { ASSEMBLY_FOLDER, ASSEMBLY_MANIFEST, hasCloudAssembly, readCloudAssembly } from '@listbackup/repository';
import { ProjectReport, StackReport } from './model';

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

/** Reads one project's cloud assembly; a project without one is reported as not synthesized. */
export function collectProject(root: string, dir: string): ProjectReport {
  const name = path.basename(dir);
  const assembly = path.join(root, dir, ASSEMBLY_FOLDER);
  if (!hasCloudAssembly(assembly)) {
    return {
      name, dir, stacks: [],
      notSynthesized: `not synthesized: ${path.join(dir, ASSEMBLY_FOLDER, ASSEMBLY_MANIFEST)} does not exist; run \`npx projen synth\` in ${dir}`,
    };
  }
  const policy = readPolicyResult(assembly);
  const stacks = readCloudAssembly(assembly).stacks
    .map((s) => ({ stack: s.displayName, templateFile: path.relative(root, s.templateFile) }))
    // Longest first, so a finding belongs to the innermost stack whose path prefixes it.
    .sort((a, b) => b.stack.length - a.stack.length);
  const owner = (constructPath: string) =>
    stacks.find((s) => constructPath === s.stack || constructPath.startsWith(`${s.stack}/`))?.stack;
  return {
    name, dir,
    stacks: stacks.map((s): StackReport => ({
      project: name,
      stack: s.stack,
      template: s.templateFile,
      findings: policy.findings.filter((f) => owner(f.constructPath) === s.stack),
      acknowledgements: policy.acknowledgements.filter((a) => owner(a.constructPath) === s.stack),
    })).sort((a, b) => a.stack.localeCompare(b.stack)),
  };
}

export function collectProjects(root: string): ProjectReport[] {
  return projectDirs(root).map((dir) => collectProject(root, dir));
}
