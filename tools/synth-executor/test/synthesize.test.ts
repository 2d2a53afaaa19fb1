import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import synthBatch from '../src/batch';
import { synthesizeStackApp } from '../src/synthesize';

/**
 * A stack project as the executor sees it: a folder with a compiled app entry, `app/lib/main.js`,
 * that exports buildApp. Its app is a real ListBackupApp (conventions, aws-cdk-lib) with one queue.
 */
function stackProject(root: string, name: string, body: string): string {
  const dir = path.join(root, name);
  fs.mkdirSync(path.join(dir, 'app', 'lib'), { recursive: true });
  const conventions = JSON.stringify(require.resolve('@listbackup/conventions'));
  const core = JSON.stringify(require.resolve('aws-cdk-lib/core'));
  const sqs = JSON.stringify(require.resolve('aws-cdk-lib/aws-sqs'));
  fs.writeFileSync(path.join(dir, 'app', 'lib', 'main.js'), `
const { ListBackupApp } = require(${conventions});
const { Stack } = require(${core});
const { Queue } = require(${sqs});
${body}
`);
  return dir;
}

const QUEUE_APP = `
exports.buildApp = (props) => {
  const app = new ListBackupApp(props);
  console.log('building the app in ' + process.cwd());
  new Queue(new Stack(app, 'listbackup-fixture-' + app.stage), 'Queue');
  return app;
};`;

describe('synthesizeStackApp', () => {
  let root: string;
  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'synth-executor-')));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test('writes the app into the project\'s cdk.out, from the project folder, and keeps its output', () => {
    const dir = stackProject(root, 'queue', QUEUE_APP);
    const cwd = process.cwd();
    const result = synthesizeStackApp(dir);
    expect(result.success).toBe(true);
    expect(result.output).toContain(`building the app in ${dir}`);
    const template = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.out', 'listbackup-fixture-main.template.json'), 'utf8'));
    expect(Object.values(template.Resources).map((r) => (r as { Type: string }).Type)).toContain('AWS::SQS::Queue');
    expect(process.cwd()).toBe(cwd);
  });

  test('a refused app fails with its message, and leaves the working directory and exit code as they were', () => {
    const dir = stackProject(root, 'refused', `
exports.buildApp = (props) => new ListBackupApp({ ...props, context: { stgae: 'dev' } });`);
    const cwd = process.cwd();
    const exitCode = process.exitCode;
    const result = synthesizeStackApp(dir);
    expect(result.success).toBe(false);
    expect(result.output).toMatch(/^error: unknown CDK context key:\n {2}- 'stgae' \(did you mean 'stage'\?\)/m);
    expect(fs.existsSync(path.join(dir, 'cdk.out', 'manifest.json'))).toBe(false);
    expect(process.cwd()).toBe(cwd);
    expect(process.exitCode).toBe(exitCode);
  });

  test('an app that throws fails with the stack trace, not a throw', () => {
    const dir = stackProject(root, 'throws', `exports.buildApp = () => { throw new Error('the catalog is broken'); };`);
    const result = synthesizeStackApp(dir);
    expect(result.success).toBe(false);
    expect(result.output).toMatch(/Error: the catalog is broken\n\s+at /);
  });

  test('a project without a compiled entry, or whose entry exports no buildApp, says what to do', () => {
    const missing = synthesizeStackApp(path.join(root, 'unbuilt'));
    expect(missing.success).toBe(false);
    expect(missing.output).toContain(`${path.join(root, 'unbuilt', 'app', 'lib', 'main.js')} does not exist: build the project first`);
    const dir = stackProject(root, 'no-export', 'exports.app = 1;');
    const noExport = synthesizeStackApp(dir);
    expect(noExport.success).toBe(false);
    expect(noExport.output).toContain('exports no buildApp(props): app/main.ts must export the function that builds the app');
  });
});

describe('the batch implementation', () => {
  test('synthesizes every task\'s project in this process, each result its own; a failing app fails its task alone', async () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'synth-executor-')));
    try {
      stackProject(root, 'one', QUEUE_APP);
      stackProject(root, 'two', `exports.buildApp = () => { throw new Error('two is broken'); };`);
      stackProject(root, 'three', QUEUE_APP);
      const task = (project: string) => ({ id: `${project}:synth`, target: { project } });
      const context = {
        root,
        projectsConfigurations: { projects: { one: { root: 'one' }, two: { root: 'two' }, three: { root: 'three' } } },
      };
      const results: Record<string, { success: boolean; terminalOutput: string }> = {};
      for await (const { task: id, result } of synthBatch({ tasks: { 'one:synth': task('one'), 'two:synth': task('two'), 'three:synth': task('three') } }, {}, {}, context)) {
        results[id] = result;
      }
      expect(Object.keys(results).sort()).toEqual(['one:synth', 'three:synth', 'two:synth']);
      expect(results['one:synth']).toMatchObject({ success: true, terminalOutput: expect.stringContaining(`building the app in ${path.join(root, 'one')}`) });
      expect(results['two:synth']).toMatchObject({ success: false, terminalOutput: expect.stringContaining('two is broken') });
      expect(results['three:synth'].success).toBe(true);
      for (const project of ['one', 'three']) {
        expect(fs.existsSync(path.join(root, project, 'cdk.out', 'listbackup-fixture-main.template.json'))).toBe(true);
      }
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
