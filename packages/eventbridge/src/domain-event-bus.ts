import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib/core';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { kebabCase, limitGrantsToAwsServices, LogGroupsKey, validateAllProps } from '@listbackup/conventions';
import { LogGroupTarget, logGroupArnWithoutSuffix } from './private/log-group-target';
import { PUT_EVENTS_ACTIONS } from './private/bus-actions';
import { domainEventBusRules, DomainEventBusSettings } from './private/validate-domain-event-bus-props';

/** One rule of a domain event bus: which sources it matches. */
export interface DomainRuleSpec {
  /** PascalCase id, e.g. `JobEventsRule`; the rule's name and log group are derived from it. */
  readonly id: string;
  /** The rule matches events whose `source` starts with one of these, e.g. `listbackup.jobs`. */
  readonly sourcePrefixes: readonly string[];
  /**
   * What the rule carries, for its description.
   * @default - the source prefixes
   */
  readonly description?: string;
}

export interface DomainEventBusProps {
  /** The bus name, e.g. `listbackup-main`. Rule names and log group names start with it. */
  readonly eventBusName: string;
  /** The rules; each delivers its matches to its own encrypted log group. */
  readonly rules: readonly DomainRuleSpec[];
  /**
   * How long the archive keeps events for replay, in whole days.
   * @default Duration.days(365)
   */
  readonly archiveRetention?: Duration;
  /**
   * How long the rules' log groups keep events.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
}

/** `source` starts with any of the prefixes: `[{ "prefix": … }, …]`. */
function sourcePrefixPattern(prefixes: readonly string[]): string[] {
  const matchers = prefixes.map((p) => events.Match.prefix(p));
  return matchers.length === 1 ? matchers[0] : events.Match.anyOf(...matchers);
}

/**
 * A custom event bus for domain events: encrypted with a rotating customer key, open only to the
 * owning account, archived for replay, and with one rule per domain that delivers its events to
 * an encrypted, retained log group (the audit trail of what happened).
 */
export class DomainEventBus extends Construct {
  public readonly eventBus: events.EventBus;
  /** The customer key that encrypts the bus, its rules and its archive. */
  public readonly eventBusKey: kms.Key;
  /** The customer key of the rules' log groups; only CloudWatch Logs may use it. */
  public readonly logKey: kms.Key;
  public readonly archive: events.Archive;
  /** Rules by id. */
  public readonly rules: Readonly<Record<string, events.Rule>>;
  /** Log groups by rule id. */
  public readonly logGroups: Readonly<Record<string, logs.LogGroup>>;

  constructor(scope: Construct, id: string, props: DomainEventBusProps) {
    const archiveRetention = props.archiveRetention ?? Duration.days(365);
    const ruleSettings = props.rules.map((rule) => ({
      ...rule,
      ruleName: `${props.eventBusName}-${kebabCase(rule.id)}`,
      logGroupName: `/aws/events/${props.eventBusName}/${kebabCase(rule.id)}`,
    }));
    const settings: DomainEventBusSettings = { eventBusName: props.eventBusName, archiveRetention, rules: ruleSettings };
    // Checked before super(): an invalid DomainEventBus never joins the tree.
    validateAllProps(scope, id, settings, domainEventBusRules(settings), { construct: 'DomainEventBus', subject: 'event bus settings' });
    super(scope, id);
    const stack = Stack.of(this);

    this.eventBusKey = new kms.Key(this, 'EventBusKey', {
      description: `Encrypts the events, rules and archive of the ${props.eventBusName} event bus`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    limitGrantsToAwsServices(this.eventBusKey);
    this.eventBus = new events.EventBus(this, 'EventBus', {
      eventBusName: props.eventBusName,
      kmsKey: this.eventBusKey,
      description: 'ListBackup domain events',
    });
    this.eventBus.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'OwningAccountOnly',
      principals: [new iam.AccountPrincipal(stack.account)],
      actions: PUT_EVENTS_ACTIONS,
      resources: [this.eventBus.eventBusArn],
    }));

    const everySource = [...new Set(props.rules.flatMap((r) => r.sourcePrefixes))];
    // Archive is built directly because EventBus#archive() drops kmsKey. It gets the key as a
    // reference so that it adds no key policy of its own: that policy names the bus by its GetAtt
    // ARN, and the bus already depends on the key, a cycle. The statement below names the bus by
    // its formatted ARN instead.
    const busArn = stack.formatArn({ service: 'events', resource: 'event-bus', resourceName: props.eventBusName });
    this.eventBusKey.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'EventBridgeArchiveUse',
      principals: [new iam.ServicePrincipal('events.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'],
      resources: ['*'],
      conditions: { StringEquals: { 'kms:EncryptionContext:aws:events:event-bus:arn': busArn } },
    }));
    this.eventBusKey.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'EventBridgeArchiveDescribeKey',
      principals: [new iam.ServicePrincipal('events.amazonaws.com')],
      actions: ['kms:DescribeKey'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
    }));
    this.archive = new events.Archive(this, 'Archive', {
      sourceEventBus: this.eventBus,
      description: `Replay archive of ${props.eventBusName}`,
      eventPattern: { source: sourcePrefixPattern(everySource) },
      retention: archiveRetention,
      kmsKey: kms.Key.fromKeyArn(this, 'ArchiveKeyReference', this.eventBusKey.keyArn),
    });
    this.archive.applyRemovalPolicy(RemovalPolicy.RETAIN);

    this.logKey = new LogGroupsKey(this, 'LogKey', {
      description: `Encrypts the rule log groups of the ${props.eventBusName} event bus`,
      logGroupNamePrefix: `/aws/events/${props.eventBusName}/`,
    });

    const rules: Record<string, events.Rule> = {};
    const logGroups: Record<string, logs.LogGroup> = {};
    for (const spec of ruleSettings) {
      const logGroup = new logs.LogGroup(this, `${spec.id}LogGroup`, {
        logGroupName: spec.logGroupName,
        encryptionKey: this.logKey,
        retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      rules[spec.id] = new events.Rule(this, spec.id, {
        eventBus: this.eventBus,
        ruleName: spec.ruleName,
        description: spec.description ?? `Events from ${spec.sourcePrefixes.join(', ')}`,
        eventPattern: { source: sourcePrefixPattern(spec.sourcePrefixes) },
        targets: [new LogGroupTarget(logGroup)],
      });
      logGroups[spec.id] = logGroup;
    }
    this.rules = rules;
    this.logGroups = logGroups;

    // One account-wide policy for all of this bus's log groups: accounts may hold only ten.
    // Only these rules of this account may deliver (EventBridge user guide, "CloudWatch Logs
    // permissions"): the rule ARNs are formatted from their fixed names, because the rules depend
    // on this policy and their ARN attributes would make a cycle.
    const ruleArns = ruleSettings.map((spec) => stack.formatArn({
      service: 'events', resource: 'rule', resourceName: `${props.eventBusName}/${spec.ruleName}`,
    }));
    const delivery = new logs.ResourcePolicy(this, 'LogDeliveryPolicy', {
      resourcePolicyName: `${props.eventBusName}-rule-logs`,
      policyStatements: [new iam.PolicyStatement({
        sid: 'EventBridgeRuleDelivery',
        principals: [new iam.ServicePrincipal('events.amazonaws.com'), new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: Object.values(logGroups).map((g) => `${logGroupArnWithoutSuffix(g)}:*`),
        conditions: {
          ArnLike: { 'aws:SourceArn': ruleArns },
          StringEquals: { 'aws:SourceAccount': stack.account },
        },
      })],
    });
    for (const rule of Object.values(rules)) rule.node.addDependency(delivery);
  }

  /**
   * Lets a producer publish to the bus: `events:PutEvents` on the bus ARN. No key permission is
   * needed: EventBridge itself encrypts with the bus key, through the key policy.
   */
  public grantPutEvents(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: PUT_EVENTS_ACTIONS, resourceArns: [this.eventBus.eventBusArn] });
  }
}
