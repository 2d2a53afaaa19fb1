// Everything of the light entry point (`@listbackup/conventions/names`), then what needs aws-cdk-lib.
export * from './names';
export * from './tags';
export * from './context';
export * from './app';
export * from './run-app';
export * from './contract';
export * from './contract-import';
export * from './limits';
export * from './retention';
export * from './validation';
export * from './key-policy';
export * from './log-groups-key';
