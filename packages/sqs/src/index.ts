export * from './priority';
export * from './fifo-queue-with-dlq';
export * from './catalog';
export * from './contract';
export * from './stack';
