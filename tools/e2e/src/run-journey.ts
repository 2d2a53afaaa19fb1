import { Journey, JourneyOptions } from './journey';

export interface JourneyReport {
  readonly passed: Array<{ name: string; note: string; ms: number }>;
  /** The first step that failed, with its error; the steps after it did not run. */
  readonly failed?: { name: string; error: Error };
  readonly notRun: string[];
}

/**
 * Runs every step in order and stops at the first failure (each step builds on the ones before).
 * IAM enforcement is on for the whole journey and off again afterwards, whatever happened.
 */
export async function runJourney(options: JourneyOptions, onStep: (line: string) => void = () => undefined): Promise<JourneyReport> {
  const journey = await Journey.start(options);
  const passed: JourneyReport['passed'] = [];
  try {
    for (const [index, step] of journey.steps.entries()) {
      const started = Date.now();
      try {
        const note = await step.run();
        passed.push({ name: step.name, note, ms: Date.now() - started });
        onStep(`ok   ${step.name}\n     ${note} (${Date.now() - started} ms)`);
      } catch (error) {
        onStep(`FAIL ${step.name}\n     ${(error as Error).message.split('\n').join('\n     ')}`);
        return { passed, failed: { name: step.name, error: error as Error }, notRun: journey.steps.slice(index + 1).map((s) => s.name) };
      }
    }
    return { passed, notRun: [] };
  } finally {
    await journey.close();
  }
}
