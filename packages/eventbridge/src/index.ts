export * from './domain-event-bus';
export * from './catalog';
export * from './contract';
export * from './stack';
