import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findRepositoryRoot, RepositoryError } from '../src';

const created: string[] = [];
afterAll(() => { for (const dir of created) fs.rmSync(dir, { recursive: true, force: true }); });

/** A throwaway folder that looks like a repository root (it has nx.json). */
function fakeRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'repository-root-'));
  created.push(root);
  fs.writeFileSync(path.join(root, 'nx.json'), '{}');
  return root;
}

test('walks up to the folder holding nx.json', () => {
  const root = fakeRoot();
  const deep = path.join(root, 'tools', 'deploy', 'src');
  fs.mkdirSync(deep, { recursive: true });
  expect(findRepositoryRoot(deep)).toBe(root);
  expect(findRepositoryRoot(root)).toBe(root);
});

test('finds this repository from the working directory of a test', () => {
  expect(fs.existsSync(path.join(findRepositoryRoot(), 'tools', 'repository', 'package.json'))).toBe(true);
});

test('says what to do when there is none, with the caller\'s alternative', () => {
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'no-repository-'));
  created.push(outside);
  expect(() => findRepositoryRoot(outside)).toThrow(RepositoryError);
  expect(() => findRepositoryRoot(outside)).toThrow(/no folder with nx.json at or above .*no-repository-.*: run this from inside the ListBackup repository$/);
  expect(() => findRepositoryRoot(outside, 'pass --root <folder>')).toThrow(/inside the ListBackup repository, or pass --root <folder>$/);
});
