import { chmodSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { CopydeskError } from '../../shared/errors';

/** Which target a credential belongs to: the app keys by id, env vars and files by name. */
export interface SecretRef {
  id: string;
  name: string;
}

/**
 * Where target credentials live. Core never stores them in SQLite, never logs them and never
 * returns them through the contract: they are read at request time and go only into headers.
 */
export interface SecretStore {
  get(ref: SecretRef): string | null;
  set(ref: SecretRef, value: string): void;
  delete(ref: SecretRef): void;
  /** For Settings: what kind of storage this is (never the secrets themselves). */
  describe?(): SecretStoreInfo;
  /**
   * Where storage needs consent (describe().needsConsent): `true` asks the person, in the host's
   * own UI (a dialog from Electron's main), never on the caller's word; `false` withdraws it.
   */
  requestPlaintext?(allow: boolean): Promise<void>;
}

export interface SecretStoreInfo {
  kind: 'keyring' | 'plaintext' | 'unavailable' | 'env_file';
  detail: string;
  /** Storing needs the person's explicit consent (no keyring: plaintext in all but name). */
  needsConsent: boolean;
  /** The person gave that consent (kept by the host, never in the workspace). */
  plaintextAllowed?: boolean;
}

/** `COPYDESK_TARGET_<NAME>_TOKEN`, NAME upper-cased. */
export function envVarName(name: string): string {
  return `COPYDESK_TARGET_${name.toUpperCase()}_TOKEN`;
}

const SecretFileSchema = z.record(z.string(), z.string());

/**
 * For the CLI and the web host: credentials come from environment variables first, then from a
 * JSON file `{ "<target name>": "<token>" }` that only its owner may read (mode 0600). A looser
 * file is refused rather than silently trusted. `set` writes the file (0600, atomically).
 */
export class EnvFileSecretStore implements SecretStore {
  constructor(
    private readonly env: Record<string, string | undefined>,
    private readonly file: string | null,
  ) {}

  describe(): SecretStoreInfo {
    return {
      kind: 'env_file',
      // Shown to editors in Settings: what happens to a token, not how the host is configured
      // (the README's "Remote credentials" section has the variables for whoever runs it).
      detail: this.file
        ? 'Tokens you enter here are kept on this computer in a file only you can read.'
        : 'This copy of Copydesk cannot keep tokens you enter. Whoever runs it can provide them (see “Remote credentials” in the README).',
      needsConsent: false,
    };
  }

  get(ref: SecretRef): string | null {
    const fromEnv = this.env[envVarName(ref.name)];
    if (fromEnv) return fromEnv;
    return this.read()[ref.name] ?? null;
  }

  set(ref: SecretRef, value: string): void {
    if (!this.file) {
      throw new CopydeskError(
        'invalid_input',
        'This copy of Copydesk cannot keep tokens. Ask whoever runs it to provide the token for this target (see “Remote credentials” in the README).',
      );
    }
    this.write({ ...this.read(), [ref.name]: value });
  }

  delete(ref: SecretRef): void {
    if (!this.file || !existsSync(this.file)) return;
    const { [ref.name]: _gone, ...rest } = this.read();
    this.write(rest);
  }

  private read(): Record<string, string> {
    if (!this.file || !existsSync(this.file)) return {};
    const mode = statSync(this.file).mode & 0o777;
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
      throw new CopydeskError(
        'unauthorized',
        `The credentials file ${this.file} can be read by other users (mode ${mode.toString(8).padStart(4, '0')}); run: chmod 600 "${this.file}"`,
      );
    }
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch {
      // Never echo the file's content: it is full of secrets.
      throw new CopydeskError('invalid_input', `The credentials file ${this.file} is not valid JSON`);
    }
    const parsed = SecretFileSchema.safeParse(data);
    if (!parsed.success) throw new CopydeskError('invalid_input', `The credentials file ${this.file} must be a JSON object of target name → token`);
    return parsed.data;
  }

  private write(data: Record<string, string>): void {
    const file = this.file!;
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
    chmodSync(temp, 0o600);
    renameSync(temp, file);
  }
}
