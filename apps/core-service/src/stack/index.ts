export * from './contract';
export * from './service-function';
export * from './jobs-http-api';
export * from './activity-recording';
export * from './stack';
