/** A time as the pages show it: `2025-06-01 12:34:56 UTC`. */
export const utcTime = (date: Date) => date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
