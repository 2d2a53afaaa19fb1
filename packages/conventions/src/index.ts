export * from './stage';
export * from './naming';
export * from './tags';
export * from './app';
export * from './contract';
export * from './limits';
export * from './validation';
export * from './template-imports';
