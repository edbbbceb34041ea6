/**
 * What every secret store offers (the OS keychain, the passphrase vault, local-demo's file):
 * secrets by account name (`embed:<profile>`, `api:<profile>`). Only main/core holds one.
 */
export interface Vault {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** Whether there was a secret to delete. */
  delete(account: string): Promise<boolean>;
  /** The accounts that hold a secret. */
  accounts(): Promise<Set<string>>;
}
