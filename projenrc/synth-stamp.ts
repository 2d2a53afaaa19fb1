import { Component, Project } from 'projen';

// Plain JavaScript, so the build can check the stamp before anything is compiled.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const stamp = require('./synth-fingerprint.js') as { writeStamp: (root: string) => void };

/**
 * Writes `.projen/synth-stamp.json` after every synthesis: the fingerprint of projen's inputs and
 * of every file it generated. projen synthesizes again only when the tree no longer
 * matches it (`node projenrc/synth-fingerprint.js --changed`, the condition of projen's default task).
 */
export class SynthStamp extends Component {
  constructor(project: Project) {
    super(project);
  }

  public override postSynthesize(): void {
    stamp.writeStamp(this.project.outdir);
  }
}
