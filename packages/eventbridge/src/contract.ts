import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { serviceName, ServiceContract, validateStage } from '@listbackup/conventions';
import { RULE_NAMES, RuleName } from './catalog';

export const EVENTBRIDGE_SERVICE = serviceName('eventbridge');

/** An export of the EventBridge stack. */
export type EventBridgeExportName = 'EventBusName' | 'EventBusArn' | 'EventBusKeyArn' | `${RuleName}Arn`;

/** Both sides of the EventBridge stack's exports. */
export const EVENTBRIDGE_CONTRACT = new ServiceContract<EventBridgeExportName>(
  EVENTBRIDGE_SERVICE,
  ['EventBusName', 'EventBusArn', 'EventBusKeyArn', ...RULE_NAMES.map((r) => `${r}Arn` as const)],
);

/** The ListBackup event bus of one stage, as seen from another stack. */
export interface ImportedEventBus {
  /** Publish with `eventBus.grantPutEventsTo(producer)`; add rules with `eventBus` as their bus. */
  readonly eventBus: events.IEventBus;
  /**
   * The bus's customer key. Producers need no permission on it (EventBridge encrypts through the
   * key policy); it is here for consumers that encrypt their own bus resources, such as an archive.
   */
  readonly eventBusKey?: kms.IKey;
}

/** The consumer side of the EventBridge stack's contract. */
export class EventBridgeContract {
  /**
   * The bus of `stage`, imported with `Fn::ImportValue` of the names the EventBridge stack exports.
   * Calling it again in the same scope and stage returns the same objects.
   */
  public static import(scope: Construct, stage: string): ImportedEventBus {
    const id = `ListBackupEventBus-${validateStage(stage)}`;
    const existing = scope.node.tryFindChild(id) as Construct | undefined;
    const holder = existing ?? new Construct(scope, id);
    const eventBus = (holder.node.tryFindChild('EventBus') as events.IEventBus | undefined) ??
      events.EventBus.fromEventBusAttributes(holder, 'EventBus', {
        eventBusName: EVENTBRIDGE_CONTRACT.importValue(stage, 'EventBusName'),
        eventBusArn: EVENTBRIDGE_CONTRACT.importValue(stage, 'EventBusArn'),
        eventBusPolicy: '',
      });
    const eventBusKey = (holder.node.tryFindChild('EventBusKey') as kms.IKey | undefined) ??
      kms.Key.fromKeyArn(holder, 'EventBusKey', EVENTBRIDGE_CONTRACT.importValue(stage, 'EventBusKeyArn'));
    return { eventBus, eventBusKey };
  }

  private constructor() {}
}
