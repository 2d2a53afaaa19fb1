/**
 * A stop request (SIGINT). Once requested, no new work starts and waits end; CloudFormation
 * operations already started keep running on AWS, because cancelling them mid-way would roll back
 * work the user may want to keep.
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
