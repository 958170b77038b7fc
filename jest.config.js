/** Unit specs live next to the code (*.spec.ts); end-to-end suites live in test/ (*.e2e-spec.ts). */
module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/test'],
  testRegex: '\\.(spec|e2e-spec)\\.ts$',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    // thumbhash ships only as an ES module: Node 20.19+ require()s it, Jest's CommonJS runtime needs it compiled
    '/node_modules/thumbhash/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!thumbhash/)'],
  moduleNameMapper: { '^@app/(.*)$': '<rootDir>/libs/$1/src' },
  globalSetup: '<rootDir>/test/harness/global-setup.ts',
  globalTeardown: '<rootDir>/test/harness/global-teardown.ts',
  setupFiles: ['<rootDir>/test/harness/worker-database.ts'],
  testTimeout: 60000,
  maxWorkers: 2,
  // Node keeps part of every test file's vm context alive (a known Jest-on-Node leak, about 20 MB a file
  // here): a worker that ran half the suite held about 1 GB, and tearing that down at the end of the run
  // sometimes outlasted Jest's 500 ms grace ("A worker process has failed to exit gracefully"). A worker
  // past this after a file is replaced, so none grows that large.
  workerIdleMemoryLimit: '512MB',
};
