export * from './plugins';
export * from './report';
export * from './rules/rule';
export * from './packs/listbackup-checks';
