import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_NAME = 'Copydesk';

/**
 * The per-user data folder, computed the same way Electron's app.getPath('userData') does for an
 * app named "Copydesk", so the CLI and the desktop app open the same workspace by default.
 */
export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_NAME);
}

/** `COPYDESK_WORKSPACE` wins; otherwise `<userData>/workspace`. */
export function defaultWorkspaceDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  return env.COPYDESK_WORKSPACE || join(userDataDir(env, platform), 'workspace');
}
