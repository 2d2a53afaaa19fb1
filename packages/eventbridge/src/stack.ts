import { Duration, Stack, StackProps } from 'aws-cdk-lib/core';
import { Construct } from 'constructs';
import { applyStandardTags } from '@listbackup/conventions';
import { eventBusName, RULE_CATALOG } from './catalog';
import { EVENTBRIDGE_CONTRACT, EVENTBRIDGE_SERVICE } from './contract';
import { DomainEventBus } from './domain-event-bus';
import { acknowledgeEventBridgePolicyFindings } from './policy-acknowledgements';

export interface InfrastructureEventBridgeStackProps extends StackProps {
  /** The stage, e.g. `main`; it is part of the stack, bus and export names. */
  readonly stage: string;
  /**
   * Extra tags for every resource, besides `Service`, `Stage` and `ManagedBy`.
   * @default - none
   */
  readonly tags?: Record<string, string>;
  /**
   * How long the archive keeps events for replay.
   * @default Duration.days(365)
   */
  readonly archiveRetention?: Duration;
}

/** The ListBackup domain event bus, its archive and rules, exported under the conventional names. */
export class InfrastructureEventBridgeStack extends Stack {
  public readonly domainEventBus: DomainEventBus;

  constructor(scope: Construct, props: InfrastructureEventBridgeStackProps) {
    super(scope, EVENTBRIDGE_CONTRACT.stackName(props.stage), props);
    const bus = new DomainEventBus(this, 'DomainEvents', {
      eventBusName: eventBusName(props.stage),
      rules: RULE_CATALOG,
      archiveRetention: props.archiveRetention,
    });
    this.domainEventBus = bus;
    EVENTBRIDGE_CONTRACT.export(this, props.stage, 'EventBusName', bus.eventBus.eventBusName, 'Name of the domain event bus');
    EVENTBRIDGE_CONTRACT.export(this, props.stage, 'EventBusArn', bus.eventBus.eventBusArn, 'ARN of the domain event bus');
    EVENTBRIDGE_CONTRACT.export(this, props.stage, 'EventBusKeyArn', bus.eventBusKey.keyArn, 'ARN of the customer key of the bus');
    for (const spec of RULE_CATALOG) {
      EVENTBRIDGE_CONTRACT.export(this, props.stage, `${spec.id}Arn`, bus.rules[spec.id].ruleArn, spec.description);
    }
    acknowledgeEventBridgePolicyFindings(bus);
    applyStandardTags(this, EVENTBRIDGE_SERVICE, props.stage, props.tags);
  }
}
