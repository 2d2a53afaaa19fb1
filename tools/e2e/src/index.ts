export * from './errors';
export * from './credentials';
export * from './emulator';
export * from './deployment';
export * from './local-lambda';
export * from './http-api';
export * from './journey';
export * from './run-journey';
