import { handleJobsRequest } from '../jobs/jobs-api';
import type { HttpEvent, HttpResult } from '../jobs/http';
import { createClients } from '../runtime/clients';
import { ENV, readEnvironment } from '../runtime/environment';

const env = readEnvironment([
  ENV.JOBS_TABLE, ENV.SYNC_QUEUE_URL, ENV.BACKUP_QUEUE_URL, ENV.EXPORT_QUEUE_URL, ENV.ANALYTICS_QUEUE_URL, ENV.MAINTENANCE_QUEUE_URL,
]);
const clients = createClients();

/** Lambda entry point of the HTTP API's `/jobs` routes. */
export function handler(event: HttpEvent): Promise<HttpResult> {
  return handleJobsRequest(event, {
    documents: clients.documents,
    sqs: clients.sqs,
    jobsTable: env[ENV.JOBS_TABLE],
    queueUrls: {
      sync: env[ENV.SYNC_QUEUE_URL],
      backup: env[ENV.BACKUP_QUEUE_URL],
      export: env[ENV.EXPORT_QUEUE_URL],
      analytics: env[ENV.ANALYTICS_QUEUE_URL],
      maintenance: env[ENV.MAINTENANCE_QUEUE_URL],
    },
  });
}
