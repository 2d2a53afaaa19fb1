export * from './data-bucket-encryption';
export * from './data-bucket';
export * from './contract';
export * from './stack';
