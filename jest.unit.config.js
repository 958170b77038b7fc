/** Fast loop for library specs that need no shared services: `npx jest -c jest.unit.config.js libs/...`. */
const base = require('./jest.config');
module.exports = { ...base, roots: ['<rootDir>/libs'], globalSetup: undefined, globalTeardown: undefined };
