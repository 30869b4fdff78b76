import { clientComparison } from '../shared/client-comparison.js';

/** The client comparison's load with kafkajs (pure JavaScript; runs in worker threads). */
export default clientComparison('kafkajs');
