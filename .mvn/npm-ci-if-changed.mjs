// `npm ci`, skipped when node_modules was installed by `npm ci` from exactly this package.json and package-lock.json.
// Run by the npm-ci execution of api-spec, clients/typescript and clients/web (in the module's directory; extra
// arguments go to npm ci). `npm ci` deletes and reinstalls node_modules every time, which costs seconds on every
// build although the lock file rarely changes. After a successful install the two files are copied into
// node_modules/.ci-stamp.json; a later build whose files are identical skips the install. Any change to either file,
// a missing node_modules or a failed install (no stamp is written) installs again, and `npm ci` then checks that
// package.json and the lock file agree, as always. MARKETPLACE_NPM_CI=always forces the install.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const stampFile = 'node_modules/.ci-stamp.json';
const wanted = JSON.stringify({
  packageJson: readFileSync('package.json', 'utf8'),
  packageLock: readFileSync('package-lock.json', 'utf8'),
});
const installed = existsSync(stampFile) ? readFileSync(stampFile, 'utf8') : null;

if (installed === wanted && process.env.MARKETPLACE_NPM_CI !== 'always') {
  console.log('node_modules is up to date with package.json and package-lock.json: npm ci skipped');
} else {
  const npm = process.env.NPM_EXECUTABLE || 'npm';
  const result = spawnSync(npm, ['ci', ...process.argv.slice(2)], { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) {
    process.exit(result.status ?? 1);
  }
  writeFileSync(stampFile, wanted);
}
