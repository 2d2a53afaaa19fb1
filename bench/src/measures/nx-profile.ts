import * as fs from 'node:fs';

export interface NxTaskTime {
  /** `project:target` */
  readonly task: string;
  readonly target: string;
  readonly ms: number;
  /** nx's outcome: `success`, `local-cache`, … */
  readonly status: string;
}

/**
 * The task timings nx writes when `NX_PROFILE=<file>` is set (Chrome trace events, one complete
 * event per task). nx resolves that file against its working folder, even when absolute.
 */
export function readNxProfile(file: string): NxTaskTime[] {
  const events = JSON.parse(fs.readFileSync(file, 'utf8')) as Array<{ name: string; ph: string; dur?: number; args?: { target?: { target?: string }; status?: string } }>;
  return events.filter((e) => e.ph === 'X' && e.dur !== undefined).map((e) => ({
    task: e.name,
    target: e.args?.target?.target ?? e.name.split(':').pop()!,
    ms: e.dur! / 1000,
    status: e.args?.status ?? 'unknown',
  }));
}
