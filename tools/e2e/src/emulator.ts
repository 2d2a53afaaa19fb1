import { JourneyError } from './errors';

/**
 * The local emulator's own controls, beside the AWS APIs it serves: moto's IAM enforcement switch
 * (`/moto-api/reset-auth`) and what the project's launcher adds under `/_local-aws/` (the code
 * Lambda holds for a function, and the events EventBridge rules handed to Lambda targets, which
 * the emulator records instead of invoking anything).
 */
export class LocalEmulator {
  constructor(public readonly endpoint: string) {}

  /**
   * Turns IAM enforcement on (every later call is checked against the caller's identity policies)
   * or off (any credentials pass). moto counts requests: 0 enforces from the next one on.
   */
  public async setIamEnforcement(enabled: boolean): Promise<void> {
    await this.post('/moto-api/reset-auth', enabled ? '0' : 'inf');
  }

  /** The deployment package Lambda holds for a function (a zip), as CloudFormation created it. */
  public async functionCode(functionName: string): Promise<Uint8Array> {
    const response = await this.fetch(`/_local-aws/lambda/functions/${encodeURIComponent(functionName)}/code`);
    return new Uint8Array(await response.arrayBuffer());
  }

  /**
   * The events that EventBridge rules delivered to Lambda targets since the last call, for one
   * function: the emulator matched them with its own rule engine and keeps them for the invoker.
   */
  public async takeLambdaDeliveries(functionArn: string): Promise<LambdaDelivery[]> {
    const response = await this.post('/_local-aws/events/lambda-deliveries/take', JSON.stringify({ functionArn }));
    return (await response.json() as { deliveries: LambdaDelivery[] }).deliveries;
  }

  private async post(path: string, body: string): Promise<Response> {
    return this.fetch(path, { method: 'POST', body });
  }

  private async fetch(path: string, init?: RequestInit): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${this.endpoint}${path}`, init);
    } catch (error) {
      throw new JourneyError({ principal: 'the journey', call: `${init?.method ?? 'GET'} ${this.endpoint}${path}` },
        `the local emulator does not answer: start it with 'listbackup-local-aws start' (or 'npx projen deploy:local')`, { cause: error });
    }
    if (!response.ok) {
      throw new JourneyError({ principal: 'the journey', call: `${init?.method ?? 'GET'} ${path}` },
        `the emulator answered ${response.status}: ${(await response.text()).slice(0, 300)} ` +
        '(is it the project\'s launcher? start it with \'listbackup-local-aws start\')');
    }
    return response;
  }
}

/** One event an EventBridge rule handed to a Lambda target. */
export interface LambdaDelivery {
  readonly ruleArn: string;
  readonly functionArn: string;
  /** The event as the target receives it (after any input transformer). */
  readonly event: Record<string, unknown>;
}
