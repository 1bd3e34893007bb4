import type { Engine } from '../../warehouse/engine.js';

type DeriveFn = (tx: Engine, opts: { table: string; importId: string }) => Promise<void>;

let loaded: Promise<DeriveFn | undefined> | undefined;

async function load(): Promise<DeriveFn | undefined> {
  // A variable specifier keeps the hook optional: the derivation module is written separately.
  const specifier = '../derive/index.js';
  try {
    const mod = (await import(/* @vite-ignore */ specifier)) as { deriveAfterImport?: DeriveFn };
    return mod.deriveAfterImport;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = String((error as Error).message);
    if (
      (code === 'ERR_MODULE_NOT_FOUND' || /Cannot find module|Failed to load url/i.test(message)) &&
      /derive/.test(message)
    ) {
      return undefined;
    }
    throw error;
  }
}

/** Runs the derivation hook (channels, bots, sessions, identities) for an import; false when no hook exists. */
export async function runDerivation(tx: Engine, table: string, importId: string): Promise<boolean> {
  loaded ??= load();
  const derive = await loaded;
  if (!derive) return false;
  await derive(tx, { table, importId });
  return true;
}
