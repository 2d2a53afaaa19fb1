import { PropsRule } from '@listbackup/conventions';
import { RemovalPolicy } from 'aws-cdk-lib/core';
import { Attribute, ProjectionType } from 'aws-cdk-lib/aws-dynamodb';
import type { SecureTableProps } from '../secure-table';

/** DynamoDB's limits (Developer Guide, "Service, account, and table quotas in Amazon DynamoDB"). */
const MAX_GLOBAL_INDEXES = 20;
const MAX_PROJECTED_ATTRIBUTES = 100;
const MAX_ATTRIBUTE_NAME_LENGTH = 255;
const TABLE_OR_INDEX_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

type Rule = PropsRule<SecureTableProps>;

/** Every key attribute of the table and its indexes, with where it is declared. */
function keyAttributes(props: SecureTableProps): Array<{ attribute: Attribute; where: string }> {
  const out = [{ attribute: props.partitionKey, where: 'table partition key' }];
  if (props.sortKey) out.push({ attribute: props.sortKey, where: 'table sort key' });
  for (const gsi of props.globalSecondaryIndexes ?? []) {
    out.push({ attribute: gsi.partitionKey, where: `index '${gsi.indexName}' partition key` });
    if (gsi.sortKey) out.push({ attribute: gsi.sortKey, where: `index '${gsi.indexName}' sort key` });
  }
  return out;
}

const indexesOf = (props: SecureTableProps) => props.globalSecondaryIndexes ?? [];

/** The checks of each global secondary index. */
function indexRules(props: SecureTableProps): Rule[] {
  return indexesOf(props).flatMap((gsi, position): Rule[] => {
    const reads = () => [gsi.indexName];
    const projection = gsi.projectionType ?? ProjectionType.ALL;
    return [
      {
        reads,
        condition: () => !TABLE_OR_INDEX_NAME.test(gsi.indexName),
        message: () => `index name '${gsi.indexName}' is invalid: use 3–255 letters, digits, '_', '-' or '.'`,
      },
      {
        reads,
        condition: (p) => indexesOf(p).slice(0, position).some((other) => other.indexName === gsi.indexName),
        message: () => `index name '${gsi.indexName}' is used more than once: give each global secondary index its own name`,
      },
      {
        reads,
        condition: () => gsi.sortKey !== undefined && gsi.sortKey.name === gsi.partitionKey.name,
        message: () => `index '${gsi.indexName}' uses '${gsi.partitionKey.name}' as both partition and sort key: use two different attributes`,
      },
      {
        reads,
        condition: () => projection === ProjectionType.INCLUDE && !gsi.nonKeyAttributes?.length,
        message: () => `index '${gsi.indexName}' projects INCLUDE but lists no nonKeyAttributes: list them, or project ALL or KEYS_ONLY`,
      },
      {
        reads,
        condition: () => projection !== ProjectionType.INCLUDE && gsi.nonKeyAttributes !== undefined,
        message: () => `index '${gsi.indexName}' lists nonKeyAttributes but projects ${projection}: nonKeyAttributes apply to INCLUDE only`,
      },
    ];
  });
}

/** One AttributeDefinition per name: CloudFormation rejects a name declared with two types. */
function attributeTypeRules(props: SecureTableProps): Rule[] {
  const keys = keyAttributes(props);
  return keys.map(({ attribute, where }, position): Rule => {
    const first = () => keys.slice(0, position).find((k) => k.attribute.name === attribute.name);
    return {
      condition: () => first() !== undefined && first()!.attribute.type !== attribute.type,
      message: () => `attribute '${attribute.name}' is type ${first()!.attribute.type} as ${first()!.where} but ${attribute.type} as ${where}: declare one type`,
    };
  });
}

/** What `SecureTable` checks: the props must make a deployable, safe table. */
export function secureTableRules(props: SecureTableProps): Rule[] {
  const projected = (p: SecureTableProps) => indexesOf(p).reduce((sum, gsi) => sum + (gsi.nonKeyAttributes?.length ?? 0), 0);
  const ttlClash = (p: SecureTableProps) => keyAttributes(p).find((k) => k.attribute.name === p.timeToLiveAttribute);
  return [
    {
      reads: (p) => [p.tableName],
      condition: (p) => p.tableName !== undefined && !TABLE_OR_INDEX_NAME.test(p.tableName),
      message: (p) => `tableName '${p.tableName}' is invalid: use 3–255 letters, digits, '_', '-' or '.'`,
    },
    ...keyAttributes(props).map(({ attribute, where }): Rule => ({
      reads: () => [attribute.name],
      condition: () => attribute.name.length === 0 || attribute.name.length > MAX_ATTRIBUTE_NAME_LENGTH,
      message: () => `${where} has an attribute name of ${attribute.name.length} characters: use 1–${MAX_ATTRIBUTE_NAME_LENGTH}`,
    })),
    {
      condition: (p) => p.sortKey !== undefined && p.sortKey.name === p.partitionKey.name,
      message: (p) => `the table partition key and sort key are both '${p.partitionKey.name}': use two different attributes`,
    },
    {
      condition: (p) => indexesOf(p).length > MAX_GLOBAL_INDEXES,
      message: (p) => `${indexesOf(p).length} global secondary indexes exceed DynamoDB's limit of ${MAX_GLOBAL_INDEXES} a table: ` +
        `remove ${indexesOf(p).length - MAX_GLOBAL_INDEXES}`,
    },
    ...indexRules(props),
    {
      condition: (p) => projected(p) > MAX_PROJECTED_ATTRIBUTES,
      message: (p) => `the indexes project ${projected(p)} nonKeyAttributes in all, more than DynamoDB's limit of ${MAX_PROJECTED_ATTRIBUTES} a table`,
    },
    ...attributeTypeRules(props),
    {
      reads: (p) => [p.timeToLiveAttribute],
      condition: (p) => p.timeToLiveAttribute !== undefined && ttlClash(p) !== undefined,
      message: (p) => `timeToLiveAttribute '${p.timeToLiveAttribute}' is the ${ttlClash(p)?.where}: TTL needs its own Number attribute (for example: ttl)`,
    },
    {
      reads: (p) => [p.timeToLiveAttribute],
      condition: (p) => p.timeToLiveAttribute !== undefined &&
        (p.timeToLiveAttribute.length === 0 || p.timeToLiveAttribute.length > MAX_ATTRIBUTE_NAME_LENGTH),
      message: (p) => `timeToLiveAttribute has ${p.timeToLiveAttribute!.length} characters: use 1–${MAX_ATTRIBUTE_NAME_LENGTH}`,
    },
    {
      condition: (p) => p.removalPolicy === RemovalPolicy.SNAPSHOT,
      message: () => 'removalPolicy SNAPSHOT is not supported by DynamoDB tables: use RETAIN (or DESTROY for throw-away stages)',
    },
    {
      condition: (p) => p.removalPolicy === RemovalPolicy.DESTROY && (p.deletionProtection ?? true),
      message: () => 'removalPolicy DESTROY with deletion protection on would make every stack deletion fail: ' +
        'keep RETAIN, or set deletionProtection: false as well',
    },
  ];
}
