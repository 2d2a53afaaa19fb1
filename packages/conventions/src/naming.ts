import { ConfigurationError } from './errors';
import { validateStage } from './stage';

/** The product prefix every service name starts with. */
export const PRODUCT = 'listbackup';

/** The five per-resource infrastructure services, by package kind. */
export const INFRASTRUCTURE_KINDS = ['dynamodb', 's3', 'sqs', 'eventbridge', 'cognito'] as const;
export type InfrastructureKind = (typeof INFRASTRUCTURE_KINDS)[number];

/** The core service's name. */
export const CORE_SERVICE = `${PRODUCT}-core`;

/** A CloudFormation export's resource part: PascalCase letters and digits, e.g. `UsersTableName`. */
export const RESOURCE_NAME_PATTERN = /^[A-Z][A-Za-z0-9]{0,99}$/;

/** `listbackup-infrastructure-<kind>`, the service that owns one kind of infrastructure. */
export function serviceName(kind: InfrastructureKind): string {
  if (!(INFRASTRUCTURE_KINDS as readonly string[]).includes(kind)) {
    throw new ConfigurationError('InvalidName',
      `unknown infrastructure kind '${kind}': use one of ${INFRASTRUCTURE_KINDS.join(', ')}`,
    );
  }
  return `${PRODUCT}-infrastructure-${kind}`;
}

/** `${service}-${stage}`: the CloudFormation stack name of a service in a stage. */
export function stackName(service: string, stage: string): string {
  return `${service}-${validateStage(stage)}`;
}

/**
 * `${service}-${stage}-${resource}`: the CloudFormation export name of one value of a service.
 * Every export and every import of this repo goes through here.
 */
export function exportName(service: string, stage: string, resource: string): string {
  if (!RESOURCE_NAME_PATTERN.test(resource)) {
    throw new ConfigurationError('InvalidName',
      `export resource name '${resource}' of service '${service}' is invalid: use PascalCase letters and digits ` +
      '(for example: UsersTableName)',
    );
  }
  return `${stackName(service, stage)}-${resource}`;
}

/** What an export name says about itself, or `undefined` when it is not on the convention. */
export interface ParsedExportName {
  readonly service: string;
  readonly stage: string;
  readonly resource: string;
}

const EXPORT_NAME_PATTERN = new RegExp(
  `^(${PRODUCT}-(?:infrastructure-[a-z0-9]+|[a-z0-9]+))-([a-z][a-z0-9-]{1,20})-([A-Z][A-Za-z0-9]{0,99})$`,
);

/**
 * Splits an export name into service, stage and resource when it follows the convention.
 * A stage may contain '-', so the service is matched first: `listbackup-infrastructure-<kind>` or
 * `listbackup-<name>`.
 */
export function parseExportName(name: string): ParsedExportName | undefined {
  const match = EXPORT_NAME_PATTERN.exec(name);
  if (!match) return undefined;
  return { service: match[1], stage: match[2], resource: match[3] };
}

/**
 * A PascalCase name in kebab case, the form of a physical name's parts: `SyncQueue` → `sync-queue`,
 * `DataSyncEventsRule` → `data-sync-events-rule`.
 */
export function kebabCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/**
 * A physical resource name of a stage: `listbackup-<stage>` followed by `-<part>` for each part,
 * e.g. the event bus `listbackup-main` or the queue `listbackup-main-sync-queue.fifo`. Names that
 * must be known without an import (buses, queues, domains, the data bucket) all start this way.
 */
export function resourceName(stage: string, ...parts: string[]): string {
  return [PRODUCT, validateStage(stage), ...parts].join('-');
}

/**
 * The data bucket's physical name, `listbackup-<stage>-data-<account>`. Bucket names are global,
 * so the account makes them unique; a fixed name per stage lets operators and runbooks find it.
 * Stacks that use the bucket import it through the S3 stack's contract, never by this name.
 *
 * @param account an account id or the `Aws.ACCOUNT_ID` token
 */
export function dataBucketName(stage: string, account: string): string {
  return resourceName(stage, 'data', account);
}
