import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { ContractImport, importContract, serviceName, ServiceContract } from '@listbackup/conventions';
import { RULE_NAMES, RuleName } from './catalog';
import { PUT_EVENTS_ACTIONS } from './private/bus-actions';

export const EVENTBRIDGE_SERVICE = serviceName('eventbridge');

/** An export of the EventBridge stack. */
export type EventBridgeExportName = 'EventBusName' | 'EventBusArn' | 'EventBusKeyArn' | `${RuleName}Arn`;

/** Both sides of the EventBridge stack's exports. */
export const EVENTBRIDGE_CONTRACT = new ServiceContract<EventBridgeExportName>(
  EVENTBRIDGE_SERVICE,
  ['EventBusName', 'EventBusArn', 'EventBusKeyArn', ...RULE_NAMES.map((r) => `${r}Arn` as const)],
);

/**
 * The ListBackup event bus of one stage, seen from another stack of the same account and region
 * (id `listbackup-infrastructure-eventbridge-<stage>`). The bus and its key are imported once,
 * with `Fn::ImportValue` of the names the EventBridge stack exports.
 */
export class ImportedEventBus extends ContractImport<EventBridgeExportName> {
  /** Use `EventBridgeContract.import(scope, stage)`, which imports a stage once a scope. */
  constructor(scope: Construct, id: string, stage: string) {
    super(scope, id, EVENTBRIDGE_CONTRACT, stage);
  }

  /** Publish with `grantPutEvents(producer)`; add rules with `eventBus` as their bus. */
  public get eventBus(): events.IEventBus {
    return this.once('EventBus', (scope, id) => events.EventBus.fromEventBusAttributes(scope, id, {
      eventBusName: this.importValue('EventBusName'),
      eventBusArn: this.importValue('EventBusArn'),
      eventBusPolicy: '',
    }));
  }

  /**
   * The bus's customer key. Producers need no permission on it (EventBridge encrypts through the
   * key policy); it is here for consumers that encrypt their own bus resources, such as an archive.
   */
  public get eventBusKey(): kms.IKey {
    return this.once('EventBusKey', (scope, id) => kms.Key.fromKeyArn(scope, id, this.importValue('EventBusKeyArn')));
  }

  /** Lets a producer publish to the bus: `events:PutEvents` on the bus ARN, as `DomainEventBus.grantPutEvents`. */
  public grantPutEvents(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: PUT_EVENTS_ACTIONS, resourceArns: [this.eventBus.eventBusArn] });
  }
}

/** The consumer side of the EventBridge stack's contract. */
export class EventBridgeContract {
  /** The bus of `stage`; calling it again in the same scope and stage returns the same imports. */
  public static import(scope: Construct, stage: string): ImportedEventBus {
    return importContract(scope, EVENTBRIDGE_CONTRACT, stage, (s, id) => new ImportedEventBus(s, id, stage));
  }

  private constructor() {}
}
