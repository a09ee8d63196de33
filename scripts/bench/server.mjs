/** Starts `vite preview` of the built app on its own port and waits until it answers. */
import { spawn } from 'node:child_process';

export async function startPreview(port) {
  const base = `http://127.0.0.1:${port}`;
  // detached: npx starts vite as a child; killing the group stops both.
  const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    stdio: 'ignore',
    detached: true,
  });
  const stop = () => {
    try {
      process.kill(-server.pid);
    } catch {
      // already gone
    }
  };
  process.on('exit', stop);
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(base)).ok) return { base, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  stop();
  throw new Error(`vite preview did not answer on ${base}`);
}
