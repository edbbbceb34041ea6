/** The passphrase gate's rules, with a fake core and a dialog answered by the test: when to ask, once for all, and what Cancel gives back. */
import { describe, expect, it, vi } from 'vitest';
import { METHODS, type EmbedConsoleApi } from '../shared/api';
import type { Failure } from '../shared/errors';
import type { SecretsStatus } from '../shared/secrets';
import { vaultOpener, withPassphrase } from '../renderer/passphrase-retry';

const REQUIRED: Failure = { ok: false, code: 'PASSPHRASE_REQUIRED', message: 'The passphrase vault needs its passphrase.' };
const status = (unlocked: boolean) => ({ store: 'vault', vault: { exists: true, unlocked, file: '/home/x/secrets.vault' } }) as unknown as SecretsStatus;

/** A core whose vault is shut until `open()`; token:sign needs it, profiles:list does not. */
function fakeCore(options: { statusFails?: boolean } = {}) {
  let open = false;
  const calls: string[] = [];
  const core = Object.fromEntries(
    METHODS.map((m) => [m, async () => ({ ok: false, code: 'INTERNAL', message: `${m} is not faked` })]),
  ) as unknown as EmbedConsoleApi;
  core['token:sign'] = async () => (calls.push('token:sign'), open ? { ok: true, data: { url: 'signed' } } : REQUIRED) as never;
  core['profiles:list'] = async () => (calls.push('profiles:list'), { ok: true, data: [] });
  core['secrets:unlock-vault'] = async () => (calls.push('secrets:unlock-vault'), REQUIRED) as never;
  core['secrets:status'] = async () => (options.statusFails ? { ok: false, code: 'INTERNAL', message: 'no answer' } : { ok: true, data: status(open) });
  return { core, calls, open: () => void (open = true) };
}

/** The dialog: each question waits until the test answers it. */
function dialog() {
  const questions: Array<(unlocked: boolean) => void> = [];
  const ask = vi.fn((_status: SecretsStatus) => new Promise<boolean>((answer) => questions.push(answer)));
  const done = vi.fn();
  return { questions, ask, done };
}
const sign = (api: EmbedConsoleApi) => api['token:sign']({ profile: 'vaulted', url: 'workbook/Sales-1a2b', claims: { sub: 'ada@example.com' } });
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the passphrase gate', () => {
  it('asks for the passphrase when a call needs the vault, and makes the call once more when it is open', async () => {
    const { core, calls, open } = fakeCore();
    const asking = dialog();
    const api = withPassphrase(core, vaultOpener(core, asking.ask, asking.done));
    const signing = sign(api);
    await settle();
    expect(asking.ask).toHaveBeenCalledOnce();
    open();
    asking.questions[0](true);
    expect(await signing).toMatchObject({ ok: true, data: { url: 'signed' } });
    expect(calls).toEqual(['token:sign', 'token:sign']);
    expect(asking.done).toHaveBeenCalledOnce();
  });

  it('asks once for every call that needs the vault meanwhile, and each is made again', async () => {
    const { core, calls, open } = fakeCore();
    const asking = dialog();
    const api = withPassphrase(core, vaultOpener(core, asking.ask, asking.done));
    const both = Promise.all([sign(api), sign(api)]);
    await settle();
    expect(asking.ask).toHaveBeenCalledOnce();
    open();
    asking.questions[0](true);
    expect((await both).map((r) => r.ok)).toEqual([true, true]);
    expect(calls.filter((c) => c === 'token:sign')).toHaveLength(4);
  });

  it('on Cancel, gives each call its own failure back, to show where it was made, without trying it again', async () => {
    const { core, calls } = fakeCore();
    const asking = dialog();
    const api = withPassphrase(core, vaultOpener(core, asking.ask, asking.done));
    const signing = sign(api);
    await settle();
    asking.questions[0](false);
    expect(await signing).toEqual(REQUIRED);
    expect(calls).toEqual(['token:sign']);
    // The next call that needs it asks again.
    void sign(api);
    await settle();
    expect(asking.ask).toHaveBeenCalledTimes(2);
  });

  it('does not ask when the vault was opened meanwhile (another window of browser mode): just tries again', async () => {
    const { core, calls, open } = fakeCore();
    const asking = dialog();
    const api = withPassphrase(core, vaultOpener(core, asking.ask, asking.done));
    const original = core['token:sign'];
    core['token:sign'] = async (request) => {
      const result = await original(request);
      open();
      return result;
    };
    expect(await sign(api)).toMatchObject({ ok: true });
    expect(asking.ask).not.toHaveBeenCalled();
    expect(calls).toEqual(['token:sign', 'token:sign']);
  });

  it('never retries the unlock itself, nor a call that failed for another reason or succeeded', async () => {
    const { core, calls } = fakeCore();
    const asking = dialog();
    const api = withPassphrase(core, vaultOpener(core, asking.ask, asking.done));
    expect(await api['secrets:unlock-vault']({ passphrase: 'wrong' })).toEqual(REQUIRED);
    expect(await api['profiles:list']({})).toEqual({ ok: true, data: [] });
    expect(await api['history:list']({})).toMatchObject({ ok: false, code: 'INTERNAL' });
    expect(asking.ask).not.toHaveBeenCalled();
    expect(calls).toEqual(['secrets:unlock-vault', 'profiles:list']);
  });

  it('gives the failure back, with no dialog, when the core cannot say where secrets live', async () => {
    const { core } = fakeCore({ statusFails: true });
    const asking = dialog();
    const api = withPassphrase(core, vaultOpener(core, asking.ask, asking.done));
    expect(await sign(api)).toEqual(REQUIRED);
    expect(asking.ask).not.toHaveBeenCalled();
  });
});
