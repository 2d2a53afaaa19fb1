import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { findRepositoryRoot } from '../src';

/*
 * tsconfig.base.json resolves the types of `aws-cdk-lib` (the package root) to those of
 * `aws-cdk-lib/core`, so that a program reading cdk-nag's declarations does not read every
 * service module of aws-cdk-lib. That holds only while every name a dependency's declarations
 * import from the root is one core exports; with skipLibCheck a missing one would silently
 * become `any`. These tests read the installed declarations and fail when that changes.
 */

const root = findRepositoryRoot();
const nodeModules = path.join(root, 'node_modules');

/** The installed packages that build on aws-cdk-lib (dependency or peer), aws-cdk-lib excluded. */
function packagesOnAwsCdkLib(): string[] {
  const names = fs.readdirSync(nodeModules).flatMap((entry) => entry.startsWith('@')
    ? fs.readdirSync(path.join(nodeModules, entry)).map((name) => `${entry}/${name}`)
    : [entry]);
  return names.filter((name) => {
    const manifest = path.join(nodeModules, name, 'package.json');
    if (name === 'aws-cdk-lib' || !fs.existsSync(manifest)) return false;
    const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    return Boolean(pkg.dependencies?.['aws-cdk-lib'] ?? pkg.peerDependencies?.['aws-cdk-lib']);
  });
}

function declarationFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : declarationFiles(full);
    return entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Every name `file` imports or re-exports from the aws-cdk-lib root, with where it was seen. */
function rootImports(file: string): Array<{ name: string; file: string }> {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022);
  const found: Array<{ name: string; file: string }> = [];
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) continue;
    const from = statement.moduleSpecifier;
    if (!from || !ts.isStringLiteral(from) || from.text !== 'aws-cdk-lib') continue;
    const bindings = ts.isImportDeclaration(statement) ? statement.importClause?.namedBindings : statement.exportClause;
    if (!bindings || !('elements' in bindings)) {
      found.push({ name: '* (a namespace import of the whole root)', file });
      continue;
    }
    for (const element of bindings.elements) found.push({ name: (element.propertyName ?? element.name).text, file });
  }
  return found;
}

/** The names aws-cdk-lib/core exports, as the compiler resolves them (one program, built once). */
let core: Set<string> | undefined;
function coreExports(): Set<string> {
  if (core) return core;
  const index = path.join(nodeModules, 'aws-cdk-lib', 'core', 'index.d.ts');
  const program = ts.createProgram([index], { noEmit: true, skipLibCheck: true, types: [] });
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(index)!)!;
  core = new Set(checker.getExportsOfModule(module).map((s) => s.getName()));
  return core;
}

test('the types resolution of the aws-cdk-lib root to core is in the shared compiler options', () => {
  const base = ts.readConfigFile(path.join(root, 'tsconfig.base.json'), ts.sys.readFile).config;
  expect(base.compilerOptions.paths).toEqual({ 'aws-cdk-lib': ['./node_modules/aws-cdk-lib/core/index.d.ts'] });
});

test('every name a dependency imports from the aws-cdk-lib root is exported by aws-cdk-lib/core', () => {
  const dependents = packagesOnAwsCdkLib();
  // cdk-nag is the reason for the resolution: if it is no longer found, this test reads nothing.
  expect(dependents).toContain('cdk-nag');
  const imports = dependents.flatMap((name) => declarationFiles(path.join(nodeModules, name)).flatMap(rootImports));
  expect(imports.length).toBeGreaterThan(0);
  const exported = coreExports();
  const missing = imports.filter((i) => !exported.has(i.name)).map((i) => `${i.name} (${path.relative(nodeModules, i.file)})`);
  expect(missing).toEqual([]);
});

test('the check sees a name core does not export', () => {
  // aws_s3 is a namespace of the root only: importing it through the resolution would be `any`.
  expect(coreExports().has('aws_s3')).toBe(false);
  expect(coreExports().has('CfnResource')).toBe(true);
});
