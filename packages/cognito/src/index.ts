export * from './user-auth';
export * from './callback-urls';
export * from './contract';
export * from './stack';
