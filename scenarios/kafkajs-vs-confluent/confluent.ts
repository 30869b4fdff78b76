import { clientComparison } from '../shared/client-comparison.js';

/** The client comparison's load with @confluentinc/kafka-javascript (librdkafka; runs in child processes). */
export default clientComparison('confluent');
