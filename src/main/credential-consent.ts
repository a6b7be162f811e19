import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { BrowserWindow, Dialog } from 'electron';
import { z } from 'zod';

/**
 * The person's consent to keep target tokens without an OS keyring (Linux, Electron's
 * `basic_text` backend: plaintext in all but name). It is asked for in a dialog that main shows
 * and kept in a file in userData that only main reads and writes. It is not a workspace setting:
 * the renderer can ask main to show the dialog, but nothing it sends can give consent by itself,
 * so a compromised page cannot quietly turn encryption off.
 */
export class PlaintextConsent {
  constructor(
    private readonly options: {
      /** A JSON file in userData. */
      file: string;
      /** Asks the person; resolves true only when they chose to store without a keyring. */
      confirm: () => Promise<boolean>;
    },
  ) {}

  /** True once the person said yes in the dialog (and has not withdrawn it). A corrupt file is a no. */
  allowed(): boolean {
    if (!existsSync(this.options.file)) return false;
    try {
      return ConsentFileSchema.parse(JSON.parse(readFileSync(this.options.file, 'utf8'))).plaintextAllowed;
    } catch {
      return false;
    }
  }

  /** Shows the dialog unless consent was already given; records a yes. Returns the outcome. */
  async request(): Promise<boolean> {
    if (this.allowed()) return true;
    const yes = await this.options.confirm();
    if (yes) this.write();
    return yes;
  }

  /** Withdrawing needs no dialog: it only makes storage stricter. */
  revoke(): void {
    rmSync(this.options.file, { force: true });
  }

  private write(): void {
    const temp = `${this.options.file}.tmp`;
    writeFileSync(temp, JSON.stringify({ plaintextAllowed: true, at: new Date().toISOString() }), { mode: 0o600 });
    renameSync(temp, this.options.file);
  }
}

const ConsentFileSchema = z.object({ plaintextAllowed: z.boolean(), at: z.string().optional() });

/** The dialog's answer index for "store without a keyring"; Cancel (0) is the default. */
const STORE_ANYWAY = 1;

/** Asks, in a native dialog over the window, whether to store tokens without a keyring. */
export async function confirmPlaintextStorage(dialog: Pick<Dialog, 'showMessageBox'>, parent: BrowserWindow | null): Promise<boolean> {
  const options = {
    type: 'warning' as const,
    title: 'Store credentials without a keyring?',
    message: 'No keyring (GNOME Keyring or KWallet) is available to encrypt your publishing tokens.',
    detail:
      'If you continue, Copydesk stores them unencrypted in your user folder, where anyone who can read that folder can read them. You can withdraw this later in Settings.',
    buttons: ['Cancel', 'Store without a keyring'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  };
  const { response } = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
  return response === STORE_ANYWAY;
}
