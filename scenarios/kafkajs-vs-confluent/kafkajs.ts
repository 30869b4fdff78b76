import { clientComparison } from './load.js';

/** The client comparison's load with kafkajs (pure JavaScript; runs in worker threads). */
export default clientComparison('kafkajs');
