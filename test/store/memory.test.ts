// The conformance suite on the memory adapter.
import { createMemoryStore } from '../../src/store/index.js';
import { defineStoreConformance } from '../../src/store/conformance/index.js';

defineStoreConformance('memory', async () => createMemoryStore());
