export * from './system';
export * from './aws-json';
export * from './journey';
