/**
 * CI's Node 24 pass (.ci/run runs it with Node 24 first on PATH, so Jest and every child process it starts
 * run on the Node the images ship): all unit specs, and the end-to-end suites whose code is native or
 * depends on Node's version, on the embedded database. Every e2e suite also runs the embedded database
 * server (PGlite) and the BullMQ workers (msgpackr-extract, native) as child processes. Chosen by
 * measurement to fit the pass in 6 minutes on a 2-core machine (the times are in .ci/run); left to the
 * Node 20 pass are the suites whose subject is our own rules over the same parts (accounts, keys, quotas,
 * media, variants, workers sharing and retrying jobs, the admin CLI, startup errors, outages, documents).
 */
const base = require('./jest.config');

const NODE_SENSITIVE_E2E = [
  // sharp (native, prebuilt per platform) in the worker. Rendering variants and the decode child process
  // with its time limit are unit specs (render-variant, decode-bombs); upload-bombs is left to the Node 20
  // pass: on a loaded machine its wall-clock bounds were missed by a few hundred ms on 20 as on 24, so a
  // second run would add risk, not coverage.
  'upload', 'gateway-without-sharp',
  // the embedded database server, and `npm start` (launcher: forks, a private redis-server, migrations)
  'embedded-database', 'launcher',
  // Node's HTTP server and client, streams, AbortSignal and the AWS SDK
  'http-edges', 'upload-malformed', 'graceful-shutdown', 'delivery-conditional', 'import', 'object-store', 'storage-stall',
  // the browser tests
  'viewer-browser',
];

module.exports = {
  ...base,
  testRegex: ['\\.spec\\.ts$', `/test/e2e/(${NODE_SENSITIVE_E2E.join('|')})\\.e2e-spec\\.ts$`],
};
