/**
 * Actions that support no resource-level permissions, so `Resource: '*'` is the only way to grant
 * them (Service Authorization Reference, "Resource types" column empty). Keep this list short:
 * every entry is a permission granted account-wide.
 */
export const WILDCARD_RESOURCE_ACTIONS: Readonly<Record<string, string>> = {
  'xray:PutTraceSegments': 'X-Ray tracing of Lambda functions; no resource types.',
  'xray:PutTelemetryRecords': 'X-Ray tracing of Lambda functions; no resource types.',
  'xray:GetSamplingRules': 'X-Ray SDK sampling; no resource types.',
  'xray:GetSamplingTargets': 'X-Ray SDK sampling; no resource types.',
  'cloudwatch:PutMetricData': 'Custom metrics; no resource types (scope with the cloudwatch:namespace condition).',
  'logs:DescribeLogGroups': 'Listing log groups; no resource types.',
};
