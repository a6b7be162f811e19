// What both screenshot scripts start with: `copydesk serve` on a workspace folder (its address
// once it prints it) and a headless Chromium with this machine's flags.
import { spawn } from 'node:child_process';
import { chromium } from '@playwright/test';

/** Starts `copydesk serve` on `workspace`; resolves with the process and the address it prints. */
export async function serveWorkspace(workspace, env = process.env) {
  const server = spawn(process.execPath, ['bin/copydesk.js', 'serve', '--workspace', workspace, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'], env });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += String(chunk);
      const match = /Copydesk is running at (\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    server.once('exit', (code) => reject(new Error(`copydesk serve exited with ${code}`)));
  });
  return { server, url };
}

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
