import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';

const CHECKOUT = path.join(__dirname, '..', '..');
/** Packages whose files the gateway serves itself: copied, so their real path lies under the dot-segment too. */
const SERVED_PACKAGES = ['swagger-ui-dist'];

export interface DotSegmentInstall {
  /** The compiled launcher inside the copy. */
  launcher: string;
  /** A data folder under the same dot-segment. */
  dataDir: string;
  remove(): Promise<void>;
}

/**
 * The build as a user gets it under a folder like `~/.local/share/imgpro`: `<tmp>/.hidden/app` holds a
 * copy of `dist` and a `node_modules` whose packages are links to this checkout's, except the ones the
 * gateway serves files from, which are copied (Node resolves a linked package to its real path, which
 * would have no dot-segment). Needs `npm run build` first.
 */
export async function makeDotSegmentInstall(): Promise<DotSegmentInstall> {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'imgpro-install-'));
  const app = path.join(tmp, '.hidden', 'app');
  await fs.mkdir(path.join(app, 'node_modules'), { recursive: true });
  await fs.cp(path.join(CHECKOUT, 'dist'), path.join(app, 'dist'), { recursive: true });
  for (const entry of await fs.readdir(path.join(CHECKOUT, 'node_modules'))) {
    const source = path.join(CHECKOUT, 'node_modules', entry);
    const target = path.join(app, 'node_modules', entry);
    if (SERVED_PACKAGES.includes(entry)) await fs.cp(source, target, { recursive: true });
    else await fs.symlink(source, target);
  }
  const dataDir = path.join(tmp, '.hidden', 'data');
  await fs.mkdir(dataDir);
  return {
    launcher: path.join(app, 'dist', 'apps', 'launcher', 'src', 'main.js'),
    dataDir,
    remove: () => fs.rm(tmp, { recursive: true, force: true }),
  };
}
