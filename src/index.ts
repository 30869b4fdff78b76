/** kbench's public API for scenario files: `import { defineScenario } from 'kbench'`. */
export { defineScenario } from './scenario/scenario-types.js';
export type * from './scenario/scenario-types.js';
