/**
 * The few web-platform APIs shared/ uses, which Node and browsers both have. Declared here because
 * shared/ is checked with neither DOM nor Node types (tsconfig.json beside this file): either would
 * let it use what the other lacks. Add a member here when shared/ needs one.
 */
declare class URL {
  constructor(input: string, base?: string);
  readonly href: string;
  readonly origin: string;
  readonly protocol: string;
  readonly username: string;
  readonly password: string;
  readonly host: string;
  readonly hostname: string;
  readonly port: string;
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
}

declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}

declare function atob(data: string): string;
