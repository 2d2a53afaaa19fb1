import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RecordingPrinter } from '@listbackup/cli';
import { API_DOCS_CLI, HeadingAnchors, readApiReference, slug } from '../src';
import { sampleDocModel } from './support/doc-model';

let model: string;
let markdown: string;
const temporary: string[] = [];

beforeAll(() => {
  model = sampleDocModel();
  temporary.push(path.dirname(model));
  markdown = readApiReference(model);
});

afterAll(() => {
  for (const dir of temporary) fs.rmSync(dir, { recursive: true, force: true });
});

/** The text under a heading, up to the next heading of the same level or above. */
function under(heading: string): string {
  const lines = markdown.split('\n');
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`no heading ${JSON.stringify(heading)} in:\n${markdown}`);
  const level = heading.indexOf(' ');
  const end = lines.findIndex((line, i) => i > start && /^#+ /.test(line) && line.indexOf(' ') <= level);
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

/** The anchors of every heading of the page, as a Markdown viewer makes them. */
function anchors(): string[] {
  const headings = new HeadingAnchors();
  return markdown.split('\n').filter((l) => /^#+ /.test(l)).map((l) => headings.next(l.replace(/^#+ /, '').replace(/\\(.)/g, '$1')));
}

test('the package name is the title, then one section per kind, in order', () => {
  expect(markdown.split('\n')[0]).toBe('# @sample/queues');
  expect(markdown.split('\n').filter((l) => l.startsWith('## '))).toEqual([
    '## Classes', '## Interfaces', '## Enumerations', '## Functions', '## Variables', '## Type aliases',
  ]);
  expect(markdown.split('\n').filter((l) => l.startsWith('### '))).toEqual([
    '### Queue', '### FifoQueueOptions', '### QueueOptions', '### Priority', '### queueName()', '### PRIORITIES', '### Body',
  ]);
});

test('each item has its summary, then its signature in a ts block', () => {
  expect(under('### queueName()')).toBe([
    '',
    'The queue\'s name in a stage: `<stage>-<name>`.',
    '',
    '```ts',
    'export declare function queueName(stage: string, name: string): string;',
    '```',
    '',
  ].join('\n'));
  expect(under('### PRIORITIES')).toContain('```ts\nexport declare const PRIORITIES: readonly Priority[];\n```');
  // Named `Body_2` in the doc model (a global is named `Body`): the page says what the package exports.
  expect(under('### Body')).toContain('```ts\nexport type Body = string;\n```');
  expect(under('### Queue')).toContain('A queue of the sample package.\n\n```ts\nexport declare class Queue\n```');
});

test('members are listed by kind, each with its summary and signature', () => {
  const queue = under('### Queue');
  expect(queue.split('\n').filter((l) => /^#### /.test(l))).toEqual(['#### Constructor', '#### Properties', '#### Methods']);
  expect(under('##### new Queue()')).toContain('Makes a queue.\n\n```ts\nconstructor(name: string, options?: QueueOptions);\n```');
  expect(under('##### name')).toContain('The queue\'s name.');
  expect(under('##### send()')).toContain('Sends one message.\n\n```ts\nsend(body: string): string;\n```');
  expect(under('##### HIGH')).toContain('Worked off first.\n\n```ts\nHIGH = "high"\n```');
  expect(under('##### LOW')).toContain('Whenever there is time.');
  expect(under('##### visibilitySeconds?')).toContain('How long a message stays hidden, in seconds.');
});

test('remarks, @param and @returns are written under the signature', () => {
  expect(under('### Queue')).toMatch(/```\n\nIts options are /);
  expect(under('##### new Queue()')).toContain('**Parameters**\n\n- `name`: the queue\'s name');
  expect(under('##### send()')).toContain('**Parameters**\n\n- `body`: what to send\n\n**Returns:** the id of the message');
});

test('@default: a value as code, a described default (`- …`) as prose', () => {
  expect(under('##### visibilitySeconds?')).toContain('**Default:** `30`');
  expect(under('##### deadLetterQueue?')).toContain('**Default:** none: failed messages are dropped');
  // The tag is not left in the summary.
  expect(under('##### deadLetterQueue?')).not.toContain('@default');
});

test('{@link} to an item of the package links its heading; other links are code text or URLs', () => {
  const remarks = under('### Queue');
  expect(remarks).toContain('Its options are [`QueueOptions`](#queueoptions); [`Queue.send`](#send) sends.');
  expect(remarks).toContain('[the queue guide](https://example.com/queues)');
  expect(remarks).toContain('a `Thing` of another\npackage stays text');
  for (const target of ['queueoptions', 'send']) expect(anchors()).toContain(target);
});

test('@deprecated is a note before the summary', () => {
  expect(under('##### sendLater()')).toMatch(/^\n> \*\*Deprecated:\*\* Use \[`Queue\.send`\]\(#send\), which says when the message is stored\.\n\nSends without waiting\./);
  expect(under('##### send()')).not.toContain('Deprecated');
});

test('a base type of the package is linked: its members are documented there', () => {
  expect(under('### FifoQueueOptions')).toContain('**Extends:** [`QueueOptions`](#queueoptions)');
  expect(under('### Queue')).not.toContain('**Extends:**');
});

test('code that writes a comment end with a backslash reads as the code it means', () => {
  expect(under('### Queue')).toContain('`accounts/*/jobs/*`');
});

test('anchors are those of the headings a Markdown viewer makes, repeats numbered', () => {
  expect(slug('queueName()')).toBe('queuename');
  expect(slug('new Queue()')).toBe('new-queue');
  expect(slug('PRIORITIES')).toBe('priorities');
  const headings = new HeadingAnchors();
  expect(['Properties', 'Properties', 'Properties-1', 'Properties'].map((h) => headings.next(h))).toEqual(['properties', 'properties-1', 'properties-1-1', 'properties-2']);
});

test('listbackup-api-docs writes the reference to --out', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'api-docs-out-'));
  temporary.push(dir);
  const out = path.join(dir, 'docs', 'API.md');
  const printed = new RecordingPrinter();
  expect(await API_DOCS_CLI.run(['--model', model, '--out', out], { out: printed, err: new RecordingPrinter(), deps: {} })).toBe(0);
  expect(fs.readFileSync(out, 'utf8')).toBe(markdown);
  expect(printed.text).toBe(`${out}: @sample/queues, ${markdown.split('\n').length - 1} lines`);
});

test('listbackup-api-docs: a missing doc model is an error that says what writes it; no --model is a usage error', async () => {
  const err = new RecordingPrinter();
  const missing = path.join(os.tmpdir(), 'no-such-dir', 'x.api.json');
  expect(await API_DOCS_CLI.run(['--model', missing], { out: new RecordingPrinter(), err, deps: {} })).toBe(1);
  expect(err.text).toContain(`error [ModelMissing]: no doc model at ${missing}: API Extractor writes it in the package's api task`);
  expect(await API_DOCS_CLI.run([], { out: new RecordingPrinter(), err: new RecordingPrinter(), deps: {} })).toBe(2);
});
