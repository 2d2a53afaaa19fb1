export * from './cli';
export * from './exit-code';
export * from './interrupt';
export * from './printer';
export * from './run-main';
export * from './spec';
export * from './usage-error';
