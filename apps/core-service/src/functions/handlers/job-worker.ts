import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createClients } from '../runtime/clients';
import { ENV, readEnvironment } from '../runtime/environment';
import { processJobBatch } from '../worker/job-worker';

const env = readEnvironment([ENV.JOBS_TABLE, ENV.JOB_LOGS_TABLE, ENV.DATA_BUCKET, ENV.EVENT_BUS]);
const clients = createClients();

/** Lambda entry point for the Sync and Backup queues (reportBatchItemFailures on the event source). */
export function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  return processJobBatch(event, {
    documents: clients.documents,
    s3: clients.s3,
    eventBridge: clients.eventBridge,
    jobsTable: env[ENV.JOBS_TABLE],
    jobLogsTable: env[ENV.JOB_LOGS_TABLE],
    dataBucket: env[ENV.DATA_BUCKET],
    eventBus: env[ENV.EVENT_BUS],
  });
}
