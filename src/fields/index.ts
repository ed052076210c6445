export * from './types.js';
export * from './registry.js';
export * from './coerce.js';
export * from './unicode.js';
export * from './number-text.js';
