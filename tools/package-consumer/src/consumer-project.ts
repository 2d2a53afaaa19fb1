import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { INFRASTRUCTURE_PROJECTS } from '@listbackup/repository';

/** The packages other repos install, by folder: the shared packages and every infrastructure package. */
export const PUBLISHED_PACKAGES = ['packages/conventions', 'packages/policy', ...INFRASTRUCTURE_PROJECTS];

export interface PackedPackage {
  readonly name: string;
  readonly tarball: string;
  readonly files: string[];
  readonly size: number;
  readonly unpackedSize: number;
}

/**
 * `npm pack` of each published package into one folder: one npm process for all of them (npm
 * packs each workspace as it would in its own folder; a start of npm costs about a second of CPU).
 */
export function packPackages(root: string, destination: string): PackedPackage[] {
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', destination, ...PUBLISHED_PACKAGES.flatMap((folder) => ['--workspace', folder])], { cwd: root, encoding: 'utf8' });
  const infos: Array<{ name: string; filename: string; files: Array<{ path: string }>; size: number; unpackedSize: number }> = JSON.parse(out);
  if (infos.length !== PUBLISHED_PACKAGES.length) {
    throw new Error(`npm pack of ${PUBLISHED_PACKAGES.length} workspaces (${PUBLISHED_PACKAGES.join(', ')}) returned ${infos.length} tarball(s): check each folder is a workspace of ${root}/package.json`);
  }
  return infos.map((info) => ({
    name: info.name,
    tarball: path.join(destination, info.filename),
    files: info.files.map((f) => f.path),
    size: info.size,
    unpackedSize: info.unpackedSize,
  }));
}

/**
 * A new npm project outside the repository that installs the tarballs, plus aws-cdk-lib,
 * constructs, cdk-nag and TypeScript at the versions the repository pins (from its lock file,
 * so the registry cache serves them).
 */
export function createConsumerProject(root: string, packed: PackedPackage[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'listbackup-consumer-'));
  const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
  const version = (name: string) => {
    const entry = lock.packages[`node_modules/${name}`];
    if (!entry) throw new Error(`${name} is not in the repository's package-lock.json: run npm install at the root`);
    return entry.version as string;
  };
  const dependencies: Record<string, string> = Object.fromEntries(packed.map((p) => [p.name, `file:${p.tarball}`]));
  for (const name of ['aws-cdk-lib', 'constructs', 'cdk-nag']) dependencies[name] = version(name);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
    name: 'acme-orders-infrastructure',
    private: true,
    dependencies,
    devDependencies: { 'typescript': version('typescript'), '@types/node': version('@types/node') },
  }, undefined, 2));
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'Node16', moduleResolution: 'Node16', strict: true, esModuleInterop: true,
      skipLibCheck: true, outDir: 'dist', rootDir: '.', types: ['node'],
    },
    include: ['*.ts', 'examples/*.ts'],
  }, undefined, 2));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: dir, stdio: 'pipe' });
  return dir;
}

/** The ```ts blocks of a README, each a complete program. */
export function readmeExamples(readme: string): string[] {
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
}
