export * from './errors';
export * from './repository-root';
export * from './stack-projects';
export * from './cloud-assembly';
