import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, CfnOutput, CfnResource, Stack } from 'aws-cdk-lib/core';
import { artifactMetadata, hasCloudAssembly, readAssetManifest, readCloudAssembly, readStackTemplate, RepositoryError } from '../src';

const created: string[] = [];
afterAll(() => { for (const dir of created) fs.rmSync(dir, { recursive: true, force: true }); });
const tempDir = (prefix: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
};

/** Two stacks as the CDK writes them: the consumer depends on the producer through an export. */
function synthesized(): string {
  const outdir = tempDir('assembly-');
  const app = new App({ outdir });
  const producer = new Stack(app, 'Producer', { stackName: 'listbackup-infrastructure-sqs-test', tags: { Stage: 'test' } });
  const queue = new CfnResource(producer, 'Queue', { type: 'AWS::SQS::Queue' });
  new CfnOutput(producer, 'QueueArn', { value: queue.getAtt('Arn').toString(), exportName: 'listbackup-infrastructure-sqs-test-QueueArn' });
  const consumer = new Stack(app, 'Consumer');
  consumer.addStackDependency(producer);
  new CfnResource(consumer, 'Topic', { type: 'AWS::SNS::Topic' });
  app.synth();
  return outdir;
}

test('lists the stacks of a synthesized assembly, with absolute templates, dependencies and asset manifests', () => {
  const dir = synthesized();
  expect(hasCloudAssembly(dir)).toBe(true);
  const assembly = readCloudAssembly(dir);
  expect(assembly.directory).toBe(dir);
  expect(assembly.stacks.map((s) => [s.artifactId, s.stackName, s.displayName])).toEqual([
    ['Producer', 'listbackup-infrastructure-sqs-test', 'Producer'],
    ['Consumer', 'Consumer', 'Consumer'],
  ]);
  const [producer, consumer] = assembly.stacks;
  expect(producer.templateFile).toBe(path.join(dir, 'Producer.template.json'));
  expect(producer.properties.tags).toEqual({ Stage: 'test' });
  expect(consumer.dependencies).toContain('Producer');
  expect(producer.assetManifests).toEqual([path.join(dir, 'Producer.assets.json')]);
  expect(readAssetManifest(producer.assetManifests[0]).files).toBeDefined();

  const { body, template } = readStackTemplate(producer);
  expect(body).toBe(fs.readFileSync(producer.templateFile, 'utf-8'));
  expect(template).toMatchObject({ Outputs: { QueueArn: { Export: { Name: 'listbackup-infrastructure-sqs-test-QueueArn' } } } });
});

test('merges the metadata of an artifact with its additional metadata file', () => {
  const dir = synthesized();
  const assembly = readCloudAssembly(dir);
  const manifest = JSON.parse(fs.readFileSync(assembly.manifestFile, 'utf-8'));
  manifest.artifacts.Producer.metadata = { '/Producer': [{ type: 'inline', data: 1 }] };
  manifest.artifacts.Producer.additionalMetadataFile = 'extra.metadata.json';
  fs.writeFileSync(assembly.manifestFile, JSON.stringify(manifest));
  fs.writeFileSync(path.join(dir, 'extra.metadata.json'), JSON.stringify({ '/Producer/Queue': [{ type: 'extra', data: 2 }] }));
  expect(artifactMetadata(readCloudAssembly(dir), 'Producer')).toEqual({
    '/Producer': [{ type: 'inline', data: 1 }],
    '/Producer/Queue': [{ type: 'extra', data: 2 }],
  });
  expect(artifactMetadata(readCloudAssembly(dir), 'Unknown')).toEqual({});
});

test('a folder without manifest.json is not an assembly, and says to synthesize', () => {
  const dir = tempDir('no-assembly-');
  expect(hasCloudAssembly(dir)).toBe(false);
  expect(() => readCloudAssembly(dir)).toThrow(expect.objectContaining({ code: 'AssemblyMissing' }));
  expect(() => readCloudAssembly(dir)).toThrow(/no cloud assembly at .*no-assembly-.*: manifest.json is missing; synthesize first/);
});

test('a manifest that does not parse, or is off the schema, is refused with the file named', () => {
  const dir = tempDir('broken-assembly-');
  fs.writeFileSync(path.join(dir, 'manifest.json'), '{ not json');
  expect(() => readCloudAssembly(dir)).toThrow(RepositoryError);
  expect(() => readCloudAssembly(dir)).toThrow(/cannot read cloud assembly manifest .*broken-assembly-.*manifest.json/);

  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ version: '55.0.0', artifacts: { S: { type: 'aws:cloudformation:stack', properties: {} } } }));
  expect(() => readCloudAssembly(dir)).toThrow(expect.objectContaining({ code: 'AssemblyInvalid' }));
});

test('a template that does not parse is refused with its path', () => {
  const dir = synthesized();
  const [producer] = readCloudAssembly(dir).stacks;
  fs.writeFileSync(producer.templateFile, '{');
  expect(() => readStackTemplate(producer)).toThrow(/cannot read template .*Producer.template.json/);
});
