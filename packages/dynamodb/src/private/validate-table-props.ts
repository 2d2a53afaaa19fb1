import { failedRules, ValidationRule } from '@listbackup/conventions';
import { RemovalPolicy, Token } from 'aws-cdk-lib';
import { Attribute, ProjectionType } from 'aws-cdk-lib/aws-dynamodb';
import type { SecureTableProps } from '../secure-table';

/** DynamoDB's limits (Developer Guide, "Service, account, and table quotas in Amazon DynamoDB"). */
const MAX_GLOBAL_INDEXES = 20;
const MAX_PROJECTED_ATTRIBUTES = 100;
const MAX_ATTRIBUTE_NAME_LENGTH = 255;
const TABLE_OR_INDEX_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

const unresolved = (value: unknown) => Token.isUnresolved(value);

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

/**
 * The reasons the props cannot make a deployable, safe table; empty when they can.
 * Names that are unresolved tokens are skipped: only CloudFormation knows them.
 */
export function validateSecureTableProps(props: SecureTableProps): string[] {
  const indexes = props.globalSecondaryIndexes ?? [];
  const keys = keyAttributes(props);
  const rules: ValidationRule[] = [];

  if (props.tableName !== undefined && !unresolved(props.tableName)) {
    rules.push({
      condition: !TABLE_OR_INDEX_NAME.test(props.tableName),
      message: `tableName '${props.tableName}' is invalid: use 3–255 letters, digits, '_', '-' or '.'`,
    });
  }
  for (const { attribute, where } of keys) {
    if (unresolved(attribute.name)) continue;
    rules.push({
      condition: attribute.name.length === 0 || attribute.name.length > MAX_ATTRIBUTE_NAME_LENGTH,
      message: `${where} has an attribute name of ${attribute.name.length} characters: use 1–${MAX_ATTRIBUTE_NAME_LENGTH}`,
    });
  }
  rules.push({
    condition: props.sortKey !== undefined && props.sortKey.name === props.partitionKey.name,
    message: `the table partition key and sort key are both '${props.partitionKey.name}': use two different attributes`,
  });
  rules.push({
    condition: indexes.length > MAX_GLOBAL_INDEXES,
    message: `${indexes.length} global secondary indexes exceed DynamoDB's limit of ${MAX_GLOBAL_INDEXES} a table: remove ${indexes.length - MAX_GLOBAL_INDEXES}`,
  });

  const seen = new Set<string>();
  for (const gsi of indexes) {
    if (unresolved(gsi.indexName)) continue;
    rules.push({
      condition: !TABLE_OR_INDEX_NAME.test(gsi.indexName),
      message: `index name '${gsi.indexName}' is invalid: use 3–255 letters, digits, '_', '-' or '.'`,
    });
    rules.push({
      condition: seen.has(gsi.indexName),
      message: `index name '${gsi.indexName}' is used more than once: give each global secondary index its own name`,
    });
    seen.add(gsi.indexName);
    rules.push({
      condition: gsi.sortKey !== undefined && gsi.sortKey.name === gsi.partitionKey.name,
      message: `index '${gsi.indexName}' uses '${gsi.partitionKey.name}' as both partition and sort key: use two different attributes`,
    });
    const projection = gsi.projectionType ?? ProjectionType.ALL;
    rules.push({
      condition: projection === ProjectionType.INCLUDE && !gsi.nonKeyAttributes?.length,
      message: `index '${gsi.indexName}' projects INCLUDE but lists no nonKeyAttributes: list them, or project ALL or KEYS_ONLY`,
    });
    rules.push({
      condition: projection !== ProjectionType.INCLUDE && gsi.nonKeyAttributes !== undefined,
      message: `index '${gsi.indexName}' lists nonKeyAttributes but projects ${projection}: nonKeyAttributes apply to INCLUDE only`,
    });
  }
  const projected = indexes.reduce((sum, gsi) => sum + (gsi.nonKeyAttributes?.length ?? 0), 0);
  rules.push({
    condition: projected > MAX_PROJECTED_ATTRIBUTES,
    message: `the indexes project ${projected} nonKeyAttributes in all, more than DynamoDB's limit of ${MAX_PROJECTED_ATTRIBUTES} a table`,
  });

  // One AttributeDefinition per name: CloudFormation rejects a name declared with two types.
  const types = new Map<string, { type: string; where: string }>();
  for (const { attribute, where } of keys) {
    const first = types.get(attribute.name);
    if (!first) {
      types.set(attribute.name, { type: attribute.type, where });
      continue;
    }
    rules.push({
      condition: first.type !== attribute.type,
      message: `attribute '${attribute.name}' is type ${first.type} as ${first.where} but ${attribute.type} as ${where}: declare one type`,
    });
  }

  const ttl = props.timeToLiveAttribute;
  if (ttl !== undefined && !unresolved(ttl)) {
    const clash = keys.find((k) => k.attribute.name === ttl);
    rules.push({
      condition: clash !== undefined,
      message: `timeToLiveAttribute '${ttl}' is the ${clash?.where}: TTL needs its own Number attribute (for example: ttl)`,
    });
    rules.push({
      condition: ttl.length === 0 || ttl.length > MAX_ATTRIBUTE_NAME_LENGTH,
      message: `timeToLiveAttribute has ${ttl.length} characters: use 1–${MAX_ATTRIBUTE_NAME_LENGTH}`,
    });
  }

  rules.push({
    condition: props.removalPolicy === RemovalPolicy.SNAPSHOT,
    message: 'removalPolicy SNAPSHOT is not supported by DynamoDB tables: use RETAIN (or DESTROY for throw-away stages)',
  });
  rules.push({
    condition: props.removalPolicy === RemovalPolicy.DESTROY && (props.deletionProtection ?? true),
    message: 'removalPolicy DESTROY with deletion protection on would make every stack deletion fail: ' +
      'keep RETAIN, or set deletionProtection: false as well',
  });

  return failedRules(rules);
}
