export * from './anchors';
export * from './api-docs';
export * from './cli-main';
export * from './errors';
export * from './markdown';
export * from './render';
