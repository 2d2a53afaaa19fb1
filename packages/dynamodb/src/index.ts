export * from './table-definition';
export * from './secure-table';
export * from './catalog';
export * from './contract';
export * from './stack';
