/**
 * CI's second pass, on PostgreSQL (DATABASE_URL set): every suite whose outcome depends on the database
 * chosen. Left to the first pass (the embedded default) are the suites that never read it: pure rules
 * (images, fetching, errors, logs, configuration), checks of the build and the compose file, and the
 * suites that always run their own embedded database whatever DATABASE_URL says (`npm start` on its
 * defaults, the embedded server itself). `DATABASE_URL=… npm test` still runs everything.
 */
const base = require('./jest.config');
module.exports = {
  ...base,
  testPathIgnorePatterns: [
    '/node_modules/',
    '<rootDir>/libs/(imaging|fetch|errors|logging|config)/',
    '<rootDir>/test/harness/',
    '<rootDir>/test/e2e/(launcher|embedded-database|build-hygiene|compose-file)\\.e2e-spec\\.ts$',
  ],
};
