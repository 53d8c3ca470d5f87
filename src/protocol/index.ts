/**
 * The Confab protocol as both sides use it: the types of every request and answer
 * (`types.ts`, and `moderation.ts` for the moderation API) and the rules for what a reader may
 * send (`rules.ts`). The widget and the reference server import this one module, so they cannot
 * drift apart.
 */
export * from './types.js';
export * from './moderation.js';
export * from './rules.js';
export * from './fields.js';
