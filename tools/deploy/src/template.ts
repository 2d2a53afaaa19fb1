import { importedExportNames } from '@listbackup/conventions/names';

/** The parts of a CloudFormation template this tool reads. */
export interface CfnTemplate {
  readonly Resources?: Record<string, { readonly Type: string; readonly Properties?: unknown; readonly [key: string]: unknown }>;
  readonly Outputs?: Record<string, { readonly Value: unknown; readonly Export?: { readonly Name: unknown } }>;
  readonly Parameters?: Record<string, { readonly Type: string; readonly Default?: unknown }>;
  readonly [key: string]: unknown;
}

/** One export a template declares. */
export interface TemplateExport {
  readonly outputKey: string;
  readonly exportName: string;
  /** The output's value, e.g. `{ Ref: 'UsersTable…' }`, to find the resource it names. */
  readonly value: unknown;
}

/** Every export the template declares under a literal name (a computed name cannot be checked). */
export function templateExports(template: CfnTemplate): TemplateExport[] {
  return Object.entries(template.Outputs ?? {})
    .filter(([, o]) => typeof o.Export?.Name === 'string')
    .map(([outputKey, o]) => ({ outputKey, exportName: o.Export!.Name as string, value: o.Value }));
}

/** Every literal name the template passes to `Fn::ImportValue`, once each, in order of appearance. */
export function templateImports(template: CfnTemplate): string[] {
  return importedExportNames({ Resources: template.Resources, Outputs: template.Outputs, Conditions: template.Conditions });
}

/** The logical id and type of the resource an output value refers to (`Ref` or `Fn::GetAtt`). */
export function referencedResource(template: CfnTemplate, value: unknown):
{ logicalId: string; type: string; attribute?: string } | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  let logicalId: string | undefined;
  let attribute: string | undefined;
  if (typeof v.Ref === 'string') {
    logicalId = v.Ref;
  } else if (Array.isArray(v['Fn::GetAtt']) && typeof v['Fn::GetAtt'][0] === 'string') {
    logicalId = v['Fn::GetAtt'][0];
    attribute = String(v['Fn::GetAtt'][1]);
  }
  const resource = logicalId ? template.Resources?.[logicalId] : undefined;
  return resource && logicalId ? { logicalId, type: resource.Type, attribute } : undefined;
}

/**
 * Resource types whose deletion loses data or identities: a stack holding one is not destroyed
 * without `--force`, and gets termination protection.
 */
export const DATA_RESOURCE_TYPES = ['AWS::DynamoDB::Table', 'AWS::S3::Bucket', 'AWS::Cognito::UserPool'] as const;

/**
 * Resource types whose removal or replacement loses what they hold: the data resources above, and
 * what a stack holding none of them still must not lose without being told (a key's ciphertexts,
 * a queue's messages, a log group's records, an identity pool's identities, an archive's events).
 */
export const HOLDS_DATA_TYPES: readonly string[] = [
  ...DATA_RESOURCE_TYPES, 'AWS::DynamoDB::GlobalTable', 'AWS::KMS::Key', 'AWS::SQS::Queue', 'AWS::Logs::LogGroup',
  'AWS::Cognito::IdentityPool', 'AWS::Events::Archive',
];

export function dataResources(template: CfnTemplate): { logicalId: string; type: string }[] {
  return Object.entries(template.Resources ?? {})
    .filter(([, r]) => (DATA_RESOURCE_TYPES as readonly string[]).includes(r.Type))
    .map(([logicalId, r]) => ({ logicalId, type: r.Type }));
}

/** Templates larger than this go to CloudFormation by `TemplateURL` (CreateStack API reference). */
export const TEMPLATE_BODY_LIMIT_BYTES = 51_200;
