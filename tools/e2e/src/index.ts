export * from './system';
export * from './aws-json';
