/**
 * Why the repository or one of its cloud assemblies could not be read.
 *
 * - `NoRepositoryRoot`: no folder with nx.json at or above the starting folder.
 * - `AssemblyMissing`: a folder without `manifest.json` where a cloud assembly was expected.
 * - `AssemblyInvalid`: a manifest, template or asset manifest that does not parse or is off the cloud assembly schema.
 */
export type RepositoryErrorCode = 'NoRepositoryRoot' | 'AssemblyMissing' | 'AssemblyInvalid';

/** An error with a code a caller can branch on, and a message that says what to do. */
export class RepositoryError extends Error {
  constructor(public readonly code: RepositoryErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RepositoryError';
  }
}
