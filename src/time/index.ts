export * from './duration.js';
export * from './calendar.js';
export * from './date-value.js';
export { zoneOf, type Zone } from './zone.js';
