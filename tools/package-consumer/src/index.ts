export * from './consumer-project';
