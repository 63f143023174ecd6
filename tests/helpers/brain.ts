import { loadConfig } from '../../src/config.js';
import { createBrain, type Brain } from '../../src/create-brain.js';

let brain: Promise<Brain> | undefined;

/** The real brain (real sentence encoder, real index), built once per test worker. */
export const sharedBrain = (): Promise<Brain> => (brain ??= createBrain(loadConfig({})));
