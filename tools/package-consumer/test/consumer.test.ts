import { execFile, execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeFindings, readPolicyResult } from '@listbackup/policy/synth';
import { findRepositoryRoot } from '@listbackup/repository';
import { createConsumerProject, packPackages, PackedPackage, readmeExamples } from '../src';

const root = findRepositoryRoot(__dirname);
let packed: PackedPackage[];
let consumer: string;
/** The README examples written into the consumer project, `examples/<package>-<n>.ts`. */
const examples: string[] = [];
/** What tsc said, compiling the app and every example in one run (each run parses aws-cdk-lib's declarations, ~10 s). */
let tscOutput: string;

beforeAll(() => {
  packed = packPackages(root, fs.mkdtempSync(path.join(os.tmpdir(), 'listbackup-tarballs-')));
  consumer = createConsumerProject(root, packed);
  fs.copyFileSync(path.join(__dirname, 'consumer-app', 'app.ts'), path.join(consumer, 'app.ts'));
  fs.mkdirSync(path.join(consumer, 'examples'), { recursive: true });
  for (const p of packed) {
    const readme = fs.readFileSync(path.join(consumer, 'node_modules', p.name, 'README.md'), 'utf8');
    readmeExamples(readme).forEach((code, i) => {
      const file = `${p.name.replace('@listbackup/', '')}-${i}.ts`;
      fs.writeFileSync(path.join(consumer, 'examples', file), code);
      examples.push(file);
    });
  }
  const tsc = spawnSync(path.join(consumer, 'node_modules', '.bin', 'tsc'), ['-p', '.', '--pretty', 'false'], { cwd: consumer, encoding: 'utf8' });
  tscOutput = `${tsc.stdout}${tsc.stderr}${tsc.status === 0 ? '' : `(tsc exit ${tsc.status})`}`.trim();
}, 600_000);

afterAll(() => {
  if (consumer) fs.rmSync(consumer, { recursive: true, force: true });
});

describe('tarballs', () => {
  test('hold compiled JavaScript, declarations, API reference, README and LICENSE, and nothing else', () => {
    for (const p of packed) {
      const unexpected = p.files.filter((f) => !/^(lib\/.*\.(js|d\.ts)|docs\/API\.md|README\.md|LICENSE|package\.json)$/.test(f));
      expect({ name: p.name, unexpected }).toEqual({ name: p.name, unexpected: [] });
      expect(p.files).toEqual(expect.arrayContaining(['lib/index.js', 'lib/index.d.ts', 'README.md', 'LICENSE', 'docs/API.md']));
      expect(p.files.filter((f) => /(^|\/)(test|cdk\.out)\/|main\.js$/.test(f))).toEqual([]);
    }
  });

  test('name aws-cdk-lib and constructs as peers and siblings by a semver range', () => {
    for (const p of packed) {
      const manifest = JSON.parse(execFileSync('tar', ['-xOzf', p.tarball, 'package/package.json'], { encoding: 'utf8' }));
      if (p.name !== '@listbackup/conventions' || manifest.peerDependencies) {
        expect(manifest.peerDependencies).toMatchObject({ 'aws-cdk-lib': expect.stringMatching(/^\^2\./), 'constructs': expect.stringMatching(/^\^10\./) });
      }
      for (const [dep, range] of Object.entries<string>(manifest.dependencies ?? {})) {
        if (dep.startsWith('@listbackup/')) expect(range).toMatch(/^\^\d+\.\d+\.\d+$/);
      }
    }
  });
});

describe('a consumer project built from the tarballs', () => {
  test('compiles an app with its own catalog, synthesizes it, and the policy packs find nothing', () => {
    // Any diagnostic but one inside an example is the app's (or the project's).
    expect(tscOutput.split('\n').filter((line) => line && !line.startsWith('examples/') && !/^\s/.test(line))).toEqual([]);
    const outdir = path.join(consumer, 'cdk.out');
    const run = spawnSync('node', ['dist/app.js', outdir], { cwd: consumer, encoding: 'utf8' });
    const result = readPolicyResult(outdir);
    expect(describeFindings(result.errors.concat(result.warnings))).toBe('');
    expect(run.status).toBe(0);

    const template = JSON.parse(fs.readFileSync(path.join(outdir, 'acme-orders-dev.template.json'), 'utf8'));
    const types = Object.values<{ Type: string }>(template.Resources).map((r) => r.Type);
    const count = (type: string) => types.filter((t) => t === type).length;
    expect(count('AWS::DynamoDB::Table')).toBe(2);
    expect(count('AWS::SQS::Queue')).toBe(2);
    expect(count('AWS::Events::EventBus')).toBe(1);
    expect(count('AWS::Events::Rule')).toBe(1);
    expect(count('AWS::S3::Bucket')).toBeGreaterThanOrEqual(2);
    const queues = Object.values<any>(template.Resources).filter((r) => r.Type === 'AWS::SQS::Queue').map((r) => r.Properties.QueueName).sort();
    expect(queues[0]).toMatch(/\.fifo$/);
    for (const table of Object.values<any>(template.Resources).filter((r) => r.Type === 'AWS::DynamoDB::Table')) {
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    }
  });

  test('compiles and runs every ts example of every package README', async () => {
    expect(examples.length).toBeGreaterThanOrEqual(packed.length);
    expect(tscOutput).toBe('');
    // Each example is a process of its own that spends most of its second loading aws-cdk-lib: two at a time.
    const outcomes = await inPairs(examples, (file) => new Promise<string>((resolve) => {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-example-'));
      execFile('node', [path.join('dist', 'examples', file.replace(/\.ts$/, '.js'))], {
        cwd: consumer, encoding: 'utf8', env: { ...process.env, CDK_OUTDIR: outdir },
      }, (error, _stdout, stderr) => resolve(error ? `${file}: exit ${error.code}\n${stderr.slice(0, 3000)}` : `${file}: ok`));
    }));
    expect(outcomes).toEqual(examples.map((file) => `${file}: ok`));
  });
});

/** `run` over `items`, two at a time, the results in the order of `items`. */
async function inPairs<T, R>(items: readonly T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await run(items[i]);
    }
  };
  await Promise.all([lane(), lane()]);
  return results;
}
