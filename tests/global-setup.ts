import { loadConfig } from '../src/config.js';
import { createBrain } from '../src/create-brain.js';

// Builds the vector index once before the workers start, so they never race to write it.
export default async function setup() {
  await createBrain(loadConfig({}));
}
