import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { safeStorage } from 'electron';
import { z } from 'zod';
import { CopydeskError } from '../shared/errors';
import type { SecretRef, SecretStore, SecretStoreInfo } from '../core/remote/secrets';
import type { PlaintextConsent } from './credential-consent';

/** Base64 ciphertexts by target id. */
const CredentialsFileSchema = z.record(z.string(), z.string());

export interface SafeStorageOptions {
  /** A JSON file in userData holding base64 ciphertexts by target id. */
  file: string;
  platform?: NodeJS.Platform;
  /**
   * On Linux without a keyring, Electron falls back to the `basic_text` backend, which is
   * plaintext in all but name. Only when the person accepted that in main's dialog
   * (credential-consent.ts) do we store credentials that way.
   */
  consent: Pick<PlaintextConsent, 'allowed' | 'request' | 'revoke'>;
}

/** Target credentials encrypted with the OS keychain through Electron's safeStorage. */
export class SafeStorageSecretStore implements SecretStore {
  constructor(private readonly options: SafeStorageOptions) {}

  private check(): void {
    if (!safeStorage.isEncryptionAvailable()) {
      throw new CopydeskError('unauthorized', 'This system offers no encrypted storage for credentials, so Copydesk will not store them');
    }
    const linux = (this.options.platform ?? process.platform) === 'linux';
    if (linux && safeStorage.getSelectedStorageBackend() === 'basic_text' && !this.options.consent.allowed()) {
      throw new CopydeskError(
        'unauthorized',
        'No keyring (GNOME Keyring or KWallet) is available, so credentials would be stored unencrypted. Enable "Store credentials without a keyring" in Settings to allow it.',
      );
    }
  }

  describe(): SecretStoreInfo {
    if (!safeStorage.isEncryptionAvailable()) {
      return { kind: 'unavailable', detail: 'This system offers no encrypted storage, so Copydesk cannot keep tokens.', needsConsent: false, plaintextAllowed: false };
    }
    const linux = (this.options.platform ?? process.platform) === 'linux';
    if (linux && safeStorage.getSelectedStorageBackend() === 'basic_text') {
      return {
        kind: 'plaintext',
        detail: 'No keyring (GNOME Keyring or KWallet) was found: tokens could only be stored unencrypted in your user folder.',
        needsConsent: true,
        plaintextAllowed: this.options.consent.allowed(),
      };
    }
    return { kind: 'keyring', detail: 'Tokens are encrypted with your system keychain.', needsConsent: false, plaintextAllowed: false };
  }

  /** Asking to allow shows main's dialog (the person decides there); withdrawing is immediate. */
  async requestPlaintext(allow: boolean): Promise<void> {
    if (allow) await this.options.consent.request();
    else this.options.consent.revoke();
  }

  get(ref: SecretRef): string | null {
    const sealed = this.read()[ref.id];
    if (sealed === undefined) return null;
    this.check();
    try {
      return safeStorage.decryptString(Buffer.from(sealed, 'base64'));
    } catch {
      // Sealed by another user account or keyring, or damaged: say so, never the raw error.
      throw new CopydeskError('unauthorized', 'The saved token for this target could not be decrypted (it was saved under another keyring or account). Enter the token again.');
    }
  }

  set(ref: SecretRef, value: string): void {
    this.check();
    this.write({ ...this.read(), [ref.id]: safeStorage.encryptString(value).toString('base64') });
  }

  delete(ref: SecretRef): void {
    const { [ref.id]: _gone, ...rest } = this.read();
    this.write(rest);
  }

  private read(): Record<string, string> {
    if (!existsSync(this.options.file)) return {};
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(this.options.file, 'utf8'));
    } catch {
      data = null;
    }
    const parsed = CredentialsFileSchema.safeParse(data);
    // Never the parser's message (it would quote the file): a sentence the person can act on.
    if (!parsed.success) {
      throw new CopydeskError(
        'invalid_input',
        `Copydesk's saved credentials file (${this.options.file}) is damaged, so no saved token can be read. Delete that file and enter your targets' tokens again.`,
      );
    }
    return parsed.data;
  }

  private write(data: Record<string, string>): void {
    const temp = `${this.options.file}.tmp`;
    writeFileSync(temp, JSON.stringify(data), { mode: 0o600 });
    renameSync(temp, this.options.file);
  }
}
