import { loadConfig } from '../config.js';
import { createBrain } from '../create-brain.js';

// `npm run index`: builds (or confirms) the vector index in INDEX_DIR.
const started = Date.now();
createBrain(loadConfig())
  .then((brain) => {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(`index: ${brain.chunkCount} chunks, ${brain.indexRebuilt ? 'built' : 'up to date'} in ${seconds} s\n`);
  })
  .catch((error: Error) => {
    process.stderr.write(`index: ${error.message}\n`);
    process.exit(1);
  });
