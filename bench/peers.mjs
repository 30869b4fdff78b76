// `npm run bench:peers`: kbench measured against Apache Kafka's own perf tools in one run.
// Thin entry: the code is TypeScript in src/peers/, compiled to dist/peers/ by `npm run build`.
import { peersMain } from '../dist/peers/peers-main.js';

process.exit(await peersMain(process.argv.slice(2)));
