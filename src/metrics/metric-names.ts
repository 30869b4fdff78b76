/**
 * Every metric kbench reports, named once with its unit and a human label. Reports, the live
 * view, thresholds and compare refer to metrics by these names.
 */

/** Units of reported metrics. Latencies are recorded in µs but reported in ms. */
export type MetricUnit = 'ms' | 'msg/s' | 'B/s' | 'msg' | 'B';

export interface MetricDefinition {
  /** Stable machine name, e.g. `produce.serviceTime`. */
  name: string;
  /** Short human label for tables and charts. */
  label: string;
  /** Unit of the reported value. */
  unit: MetricUnit;
  /** One sentence on what is measured, from which point to which. */
  description: string;
}

function define<const N extends string>(name: N, label: string, unit: MetricUnit, description: string): MetricDefinition & { name: N } {
  return { name, label, unit, description };
}

/** The metrics, keyed by a short identifier for code. */
export const METRICS = {
  produceServiceTime: define(
    'produce.serviceTime',
    'produce latency (send → ack)',
    'ms',
    'From the moment the producer hands the message to the client to its successful delivery report.',
  ),
  produceResponseTime: define(
    'produce.responseTime',
    'produce response time (intended → ack)',
    'ms',
    'From the intended send time of the rate schedule to the successful delivery report; free of coordinated omission.',
  ),
  endToEnd: define(
    'e2e',
    'end-to-end latency (intended → consumed)',
    'ms',
    'From the intended send time carried in the message header to the moment a consumer receives the message.',
  ),
  sentRate: define('produce.sentRate', 'sent', 'msg/s', 'Messages handed to the client per second.'),
  ackedRate: define('produce.ackedRate', 'acked', 'msg/s', 'Messages acknowledged by the broker per second.'),
  ackedBytesRate: define('produce.ackedBytesRate', 'acked bytes', 'B/s', 'Bytes of acknowledged messages per second.'),
  failed: define('produce.failed', 'failed', 'msg', 'Delivery reports with an error.'),
  notAttempted: define(
    'produce.notAttempted',
    'not attempted',
    'msg',
    'Messages due by the schedule but never handed to the client (in-flight bound reached or client queue full).',
  ),
  consumedRate: define('consume.rate', 'consumed', 'msg/s', 'Messages received by consumers per second.'),
  consumedBytesRate: define('consume.bytesRate', 'consumed bytes', 'B/s', 'Bytes of received messages per second.'),
} as const;

/** Short identifier of a metric in {@link METRICS}. */
export type MetricKey = keyof typeof METRICS;

/** Machine name of a metric, e.g. `'produce.serviceTime'`. */
export type MetricName = (typeof METRICS)[MetricKey]['name'];

const BY_NAME: ReadonlyMap<string, MetricDefinition> = new Map(Object.values(METRICS).map((metric) => [metric.name, metric]));

/** The definition of a metric by its machine name, or undefined for an unknown name. */
export function findMetric(name: string): MetricDefinition | undefined {
  return BY_NAME.get(name);
}

