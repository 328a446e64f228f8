/** The one segmentation module (SPEC §5): pure TypeScript, no I/O, shared by server and browser. */
export * from './tiers';
export * from './rules';
export * from './rules-schema';
export * from './money';
export * from './lines';
export * from './assign';
export * from './summarize';
export * from './policy';
export * from './demo-book';
export { addDays, todayIso } from './dates';
export * from './in-force';
