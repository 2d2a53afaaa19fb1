import { CORE_SERVICE, ServiceContract } from '@listbackup/conventions';

/** An export of the core service's stack. */
export type CoreServiceExportName = 'HttpApiUrl' | 'HttpApiId';

/** Both sides of the core service's exports: clients and other repos read the API from here. */
export const CORE_SERVICE_CONTRACT = new ServiceContract<CoreServiceExportName>(CORE_SERVICE, ['HttpApiUrl', 'HttpApiId']);
