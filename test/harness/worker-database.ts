/**
 * Jest setup file: points this test file at its Jest worker's own database (see global-setup.ts), so
 * the suites running side by side never see each other's rows. Jest gives each test file its own
 * process.env, so this assignment stays within the file.
 */
const own = process.env[`TEST_DATABASE_URL_${process.env.JEST_WORKER_ID ?? '1'}`];
if (own) process.env.TEST_DATABASE_URL = own;
