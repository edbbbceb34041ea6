/**
 * Errors are values with a stable code and a sentence a person can act on. They travel as data
 * (Electron carries only an error's message across IPC), so the same shape reaches the UI, the
 * CLI and HTTP clients.
 */
import { visible } from './visible';

export type ErrorCode =
  | 'INVALID_REQUEST'
  /** A caller that is not the app's own page (IPC) or browser-mode page (HTTP). */
  | 'FORBIDDEN'
  | 'INVALID_CLAIMS'
  | 'INVALID_URL'
  | 'NOT_SIGMA_URL'
  | 'INVALID_TOKEN'
  | 'PROFILE_NOT_FOUND'
  | 'PROFILE_EXISTS'
  | 'PERSONA_EXISTS'
  | 'SECRET_MISSING'
  | 'KEYCHAIN_UNAVAILABLE'
  | 'KEYCHAIN_LOCKED'
  | 'PASSPHRASE_REQUIRED'
  | 'PASSPHRASE_WRONG'
  | 'SECRET_ENV_UNSET'
  | 'STORAGE_FAILED'
  /** A file the user named (a suite file) is not there. */
  | 'FILE_NOT_FOUND'
  | 'API_NOT_CONFIGURED'
  | 'SIGMA_AUTH_FAILED'
  | 'SIGMA_FORBIDDEN'
  | 'SIGMA_NOT_FOUND'
  | 'SIGMA_UNREACHABLE'
  | 'SIGMA_ERROR'
  | 'INTERNAL';

export interface Failure {
  ok: false;
  code: ErrorCode;
  message: string;
  /** The input the failure is about (a claim or form field), so a UI can show it in place. */
  field?: string;
}

export type Result<T> = { ok: true; data: T } | Failure;

export class EmbedConsoleError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    /** What failed underneath (a keychain or file error), kept for logs; never shown as is. */
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EmbedConsoleError';
  }

  toFailure(): Failure {
    return { ok: false, code: this.code, message: this.message, ...(this.field && { field: this.field }) };
  }
}

/** What an unknown thrown value says, as text: an Error's message, else the value itself. */
export const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Pasted text as a message may quote it: made visible (shared/visible.ts), so the message stays
 * one line and cannot drive a terminal or reorder a page, and cut to a readable length.
 */
export function excerpt(text: string, max = 120): string {
  const shown = visible(text);
  return shown.length > max ? `${shown.slice(0, max)}… (${text.length} characters)` : shown;
}
