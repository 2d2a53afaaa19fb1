import * as path from 'node:path';

/** A `file:line:column` from a creation stack, split; the file relative to the root when inside it. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column?: number;
  readonly insideRoot: boolean;
}

export function parseLocation(location: string | undefined, root: string): SourceLocation | undefined {
  const match = location ? /^(.*?):(\d+)(?::(\d+))?$/.exec(location.replace(/^file:\/\//, '')) : null;
  if (!match) return undefined;
  const absolute = path.resolve(root, match[1]);
  const relative = path.relative(root, absolute);
  const insideRoot = !relative.startsWith('..') && !path.isAbsolute(relative);
  return {
    file: insideRoot ? relative.split(path.sep).join('/') : absolute,
    line: Number(match[2]),
    column: match[3] ? Number(match[3]) : undefined,
    insideRoot,
  };
}
