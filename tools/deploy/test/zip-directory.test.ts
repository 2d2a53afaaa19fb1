import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { zipDirectory } from '../src/private/zip-directory';

test('a directory asset zips every file with relative paths, byte for byte the same each time', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'asset-'));
  mkdirSync(path.join(dir, 'lib'));
  writeFileSync(path.join(dir, 'index.js'), 'exports.handler = async () => 1;');
  writeFileSync(path.join(dir, 'lib', 'util.js'), 'module.exports = 2;');
  const first = zipDirectory(dir);
  const files = unzipSync(first);
  expect(Object.keys(files).sort()).toEqual(['index.js', 'lib/util.js']);
  expect(strFromU8(files['index.js'])).toBe('exports.handler = async () => 1;');
  expect(Buffer.from(zipDirectory(dir)).equals(Buffer.from(first))).toBe(true);
});
