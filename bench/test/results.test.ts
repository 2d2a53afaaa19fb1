import { executedTasks } from '../src/measures/build-cache';
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
