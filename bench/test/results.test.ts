import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { executedTasks } from '../src/measures/build-cache';
import { readNxProfile } from '../src/measures/nx-profile';
import { parseUsage } from '../src/process-timing';
import { formatLine, renderMarkdown } from '../src/results';

test('a measure prints as <name>: ratio=<x> (<details>) and says when the goal is missed', () => {
  expect(formatLine({ name: 'build-cached', ratio: 0.031, goal: 0.05, details: '4.1 s vs 131.0 s' }))
    .toBe('build-cached: ratio=0.031 (4.1 s vs 131.0 s, goal <= 0.05)');
  expect(formatLine({ name: 'synth-vs-cdk', ratio: 0.4, goal: 0.25, details: 'x' }))
    .toBe('synth-vs-cdk: ratio=0.400 (x, goal <= 0.25 NOT MET)');
  expect(formatLine({ name: 'scale', details: 'skipped in quick mode' })).toBe('scale: ratio=n/a (skipped in quick mode)');
});

test('RESULTS.md names the machine and every measure', () => {
  const md = renderMarkdown([{ name: 'noop-deploy', ratio: 0, details: '0 mutating calls', table: { header: ['stacks', 'ms'], rows: [['6', '12']] } }], 'full', new Date(0));
  expect(md).toMatch(/Machine: \d+ cores/);
  expect(md).toContain(`Node ${process.version}`);
  expect(md).toContain('| noop-deploy | 0.000 |');
  expect(md).toContain('| 6 | 12 |');
});

test('executed tasks exclude the ones replayed from the cache', () => {
  const output = [
    '> nx run conventions:build  [local cache]',
    '> nx run sqs:build',
    '> nx run sqs:test',
    '> nx run policy:build  [existing outputs match the cache, left as is]',
    '> nx run core-service:synth',
  ].join('\n');
  expect(executedTasks(output)).toEqual(['core-service:synth', 'sqs:build', 'sqs:test']);
});

test('executed tasks are found in colored output too', () => {
  expect(executedTasks('\x1b[2m> \x1b[22m\x1b[2mnx run\x1b[22m sqs:build\n\x1b[2m> \x1b[22mnx run policy:build  \x1b[2m[local cache]\x1b[22m'))
    .toEqual(['sqs:build']);
});

test('GNU time usage is read as CPU milliseconds and peak bytes', () => {
  expect(parseUsage('1.50 0.25 204800\n')).toEqual({ cpuMs: 1750, peakRssBytes: 204800 * 1024 });
  expect(parseUsage('Command exited with non-zero status 1\n0.10 0.00 1024\n')).toEqual({ cpuMs: 100, peakRssBytes: 1024 * 1024 });
  expect(parseUsage('')).toBeUndefined();
});

test('nx task timings are read from its profile, one entry per task', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-test-')), 'profile.json');
  fs.writeFileSync(file, JSON.stringify([
    { name: 'thread_name', ph: 'M', pid: 1, tid: 1, ts: 0, args: { name: 'Group #1' } },
    { name: 'sqs:build', cat: 'sqs,build', ph: 'X', ts: 1000, dur: 2_500_000, pid: 1, tid: 1, args: { target: { project: 'sqs', target: 'build' }, status: 'success' } },
    { name: 'sqs:test', cat: 'sqs,test', ph: 'X', ts: 1000, dur: 1_000, pid: 1, tid: 1, args: { target: { project: 'sqs', target: 'test' }, status: 'local-cache' } },
  ]));
  expect(readNxProfile(file)).toEqual([
    { task: 'sqs:build', target: 'build', ms: 2500, status: 'success' },
    { task: 'sqs:test', target: 'test', ms: 1, status: 'local-cache' },
  ]);
});

test('a table can carry its own title', () => {
  const md = renderMarkdown([{ name: 'cold-build-vs-baseline', ratio: 0.5, goal: 0.5, details: 'x', table: { title: 'Where the time goes', header: ['step'], rows: [['build']] } }], 'full', new Date(0), 61);
  expect(md).toContain('## Where the time goes');
  expect(md).toContain('in 61 s');
  expect(md).toContain('| cold-build-vs-baseline | 0.500 | <= 0.5 | yes |');
});
