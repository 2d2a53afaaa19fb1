import * as fs from 'node:fs';
import * as path from 'node:path';
import { NegativeFixture } from '../fixtures/negative-fixture';

/** A negative fixture and the file under `test/fixtures/` that holds it. */
export interface FixtureFile extends NegativeFixture {
  readonly file: string;
}

export const FIXTURES_DIR = path.join(__dirname, '..', 'fixtures');

/** Every fixture file under fixtures/, so a new fixture cannot be forgotten. */
export function loadFixtures(): FixtureFile[] {
  return fs.readdirSync(FIXTURES_DIR)
    .filter((f) => f.endsWith('.ts') && f !== 'negative-fixture.ts')
    .sort()
    .flatMap((file) => (Object.values(require(path.join(FIXTURES_DIR, file))) as NegativeFixture[]).map((f) => ({ ...f, file })));
}
