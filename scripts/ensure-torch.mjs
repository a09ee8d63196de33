/**
 * Makes sure Debian's PyTorch is there for the PyTorch hand-off tests (they run the exported
 * scripts for real with /usr/bin/python3): uses it if it imports, else installs
 * python3-torch and libopenblas0-pthread as root with apt-get; else says in one line what to run.
 */
import { execSync } from 'node:child_process';

const PYTHON = '/usr/bin/python3';
const hasTorch = () => {
  try {
    return execSync(`${PYTHON} -c "import torch; print(torch.__version__)"`, { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return null;
  }
};

let version = hasTorch();
if (!version && typeof process.getuid === 'function' && process.getuid() === 0) {
  console.log('torch: not found; installing Debian packages "python3-torch libopenblas0-pthread" with apt-get…');
  try {
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch libopenblas0-pthread', {
      stdio: 'inherit',
    });
  } catch {
    // fall through to the check below
  }
  version = hasTorch();
}
if (!version) {
  console.error(`No PyTorch for ${PYTHON}. Install it: sudo apt-get install -y python3-torch libopenblas0-pthread`);
  process.exit(1);
}
console.log(`torch: ${version} (${PYTHON})`);
