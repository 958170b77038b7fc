// `npm start` builds first when dist/ is missing or older than any TypeScript source.
const { execSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const marker = path.join(root, 'dist', 'apps', 'launcher', 'src', 'main.js');

function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

const built = fs.existsSync(marker) ? fs.statSync(marker).mtimeMs : 0;
const sources = Math.max(newestSource(path.join(root, 'apps')), newestSource(path.join(root, 'libs')));
if (built < sources) {
  execSync('npm run build', { cwd: root, stdio: 'inherit' });
  const now = new Date();
  fs.utimesSync(marker, now, now);
}
