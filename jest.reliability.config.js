/**
 * `npm run test:reliability`: the scenarios of test/reliability (workers killed, Redis and storage going
 * away, rolling restarts, bad inputs), one at a time so their processes do not compete for the cores.
 */
const base = require('./jest.config');
module.exports = {
  ...base,
  roots: ['<rootDir>/test/reliability'],
  testRegex: '\\.reliability-spec\\.ts$',
  testTimeout: 180000,
  maxWorkers: 1,
};
