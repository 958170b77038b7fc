/**
 * CI's second pass, on PostgreSQL (DATABASE_URL set): the suites whose outcome can depend on the database
 * chosen — its SQL, its locking and concurrency (PGlite serves one session at a time, PostgreSQL many),
 * and what happens when it goes away. Left to the first pass (the embedded default) are the suites whose
 * subject is something else: pure rules (images, fetching, errors, logs, configuration, delivery, rate
 * limits, queues, storage), fetch timeouts and failures, Redis and storage outages, over-cap bodies, log redaction, metrics, documents and
 * pages, the build and the compose file, and the suites that always run their own embedded database
 * whatever DATABASE_URL says (`npm start` on its defaults, the embedded server itself).
 * `DATABASE_URL=… npm test` still runs everything.
 */
const base = require('./jest.config');

const OTHER_SUBJECTS = [
  'launcher', 'embedded-database', 'build-hygiene', 'request-pipeline', 'compose-file', 'harness-teardown', 'monitoring-config',
  'delivery-conditional', 'gateway-load-balancer', 'gateway-without-sharp', 'graceful-shutdown', 'http-edges',
  'import-failures', 'import-timeout', 'metrics', 'object-store', 'rate-limit-python-client', 'rate-limit-redis-down',
  'rate-limits', 'redis-cluster', 'redis-outage', 'service-documents', 'storage-cut-after-ready', 'storage-stall',
  'upload-bombs', 'upload-malformed', 'upload-over-cap', 'upload-slow-storage', 'viewer-browser', 'viewer-page',
  'secrets-off-the-wire', 'docs-browser', 'mcp-memory',
];

module.exports = {
  ...base,
  testPathIgnorePatterns: [
    '/node_modules/',
    '<rootDir>/libs/(imaging|fetch|errors|logging|config|storage|jobs|redis)/',
    '<rootDir>/apps/(launcher|gateway/src/(delivery|rate-limit))/',
    '<rootDir>/test/harness/',
    `<rootDir>/test/e2e/(${OTHER_SUBJECTS.join('|')})\\.e2e-spec\\.ts$`,
  ],
};
