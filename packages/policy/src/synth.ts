/**
 * `@listbackup/policy/synth`: what a stack's app entry and its tests need of the policy packs:
 * register them on an app (`applyPolicy`), synthesize, read and describe what they found. Its
 * declarations import none of cdk-nag's, which import aws-cdk-lib's root and with it every
 * service module's types: a type check of an app that imports this entry reads a fifth of the
 * declarations it would read through `@listbackup/policy`.
 */
export * from './plugins';
export * from './report';
