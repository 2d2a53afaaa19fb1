import { recordActivity, ProductEvent } from '../activity/record-activity';
import { createClients } from '../runtime/clients';
import { ENV, readEnvironment } from '../runtime/environment';

const env = readEnvironment([ENV.ACTIVITY_TABLE]);
const clients = createClients();

/** Lambda entry point: target of the rule on the product event bus. */
export async function handler(event: ProductEvent): Promise<void> {
  await recordActivity(event, { documents: clients.documents, activityTable: env[ENV.ACTIVITY_TABLE] });
}
