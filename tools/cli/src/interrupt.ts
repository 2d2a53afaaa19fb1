/**
 * A stop request (the first Ctrl-C). Once requested, a tool starts no new work and stops waiting;
 * work already handed to a remote service keeps running there, because cancelling it mid-way
 * could roll back what the user wants to keep. `runMain` requests it; tests request it directly.
 */
export class Interrupt {
  private requestedAt?: Date;

  public request(): void {
    this.requestedAt ??= new Date();
  }

  public get requested(): boolean {
    return this.requestedAt !== undefined;
  }
}
