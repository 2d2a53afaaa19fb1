// @ts-check
'use strict';
/*
 * The fingerprint of a projen synthesis: what it reads (.projenrc.ts, projenrc/, the projen
 * version) and what it wrote (every file projen lists in a .projen/files.json, and each project's
 * package.json). `npx projen` writes it to .projen/synth-stamp.json and synthesizes again
 * only when the fingerprint on disk differs, so an unchanged tree skips the ts-node start-up and
 * type check of .projenrc.ts. Plain JavaScript: it must run before anything is compiled.
 *
 * `node projenrc/synth-fingerprint.js --changed`: exits 0 when projen must run, 1 when the tree matches its stamp.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const STAMP = '.projen/synth-stamp.json';

/** @param {string} dir @returns {string[]} every file under dir, sorted, relative to dir */
function filesUnder(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** @param {string} root @returns {string[]} the folders of the root project and every workspace project */
function projectDirs(root) {
  const workspaces = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).workspaces ?? [];
  const dirs = ['.'];
  for (const pattern of workspaces) {
    if (pattern.endsWith('/*')) {
      const parent = pattern.slice(0, -2);
      if (!fs.existsSync(path.join(root, parent))) continue;
      for (const e of fs.readdirSync(path.join(root, parent), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        if (e.isDirectory()) dirs.push(path.posix.join(parent, e.name));
      }
    } else {
      dirs.push(pattern);
    }
  }
  return dirs;
}

/** @param {string} root @returns {{ inputs: string, outputs: string }} */
function fingerprint(root) {
  const hashFiles = (/** @type {string[]} */ files) => {
    const hash = crypto.createHash('sha256');
    for (const file of files) {
      const full = path.join(root, file);
      hash.update(`${file}\0${fs.existsSync(full) ? fs.readFileSync(full).toString('base64') : '(missing)'}\0`);
    }
    return hash.digest('hex');
  };
  const projenPackage = require.resolve('projen/package.json', { paths: [root] });
  const inputs = ['.projenrc.ts', 'tsconfig.projen.json', ...filesUnder(path.join(root, 'projenrc')).map((f) => path.posix.join('projenrc', f))];
  const outputs = [];
  for (const dir of projectDirs(root)) {
    const list = path.join(root, dir, '.projen', 'files.json');
    if (!fs.existsSync(list)) continue;
    outputs.push(path.posix.join(dir, 'package.json'));
    for (const file of JSON.parse(fs.readFileSync(list, 'utf8')).files) outputs.push(path.posix.join(dir, file));
  }
  return {
    inputs: `projen ${JSON.parse(fs.readFileSync(projenPackage, 'utf8')).version} ${hashFiles(inputs)}`,
    outputs: hashFiles(outputs.sort()),
  };
}

/** @param {string} root */
function writeStamp(root) {
  fs.writeFileSync(path.join(root, STAMP), JSON.stringify(fingerprint(root), undefined, 2) + '\n');
}

/** @param {string} root @returns {boolean} */
function matchesStamp(root) {
  const file = path.join(root, STAMP);
  if (!fs.existsSync(file)) return false;
  return JSON.stringify(JSON.parse(fs.readFileSync(file, 'utf8'))) === JSON.stringify(fingerprint(root));
}

module.exports = { writeStamp, matchesStamp, fingerprint, STAMP };

if (require.main === module) {
  // `--changed`: exit 0 when projen must run (the condition of projen's default task), 1 when not.
  const root = path.resolve(__dirname, '..');
  if (matchesStamp(root)) {
    process.stderr.write(`projen: .projenrc.ts, projenrc/ and every generated file match ${STAMP}; nothing to synthesize\n`);
    process.exit(1);
  }
  process.exit(0);
}
