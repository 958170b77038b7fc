import { execFileSync } from 'child_process';
import * as path from 'path';

const root = path.join(__dirname, '..', '..');

/** The gateway never decodes an image: its compiled module graph must not load sharp (or libvips). */
describe('the gateway build', () => {
  it('loads no sharp', () => {
    const script = `
      require('reflect-metadata');
      require(${JSON.stringify(path.join(root, 'dist', 'apps', 'gateway', 'src', 'create-gateway-app.js'))});
      const loaded = Object.keys(require.cache).filter((file) => /[\\\\/]node_modules[\\\\/](sharp|@img)[\\\\/]/.test(file));
      process.stdout.write(JSON.stringify(loaded));`;
    const loaded = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' }));
    expect(loaded).toEqual([]);
  });
});
