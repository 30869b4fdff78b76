/**
 * The sockets kbench's kafkajs clients connect with: kafkajs's own (plain or TLS, keep-alive
 * after 60 s) with Nagle's algorithm off. kafkajs leaves it on; the Java client, librdkafka
 * (`socket.nagle.disable`, true by default since 2.x) and @platformatic/kafka turn it off. With it
 * on, a small request written while an earlier one is unacknowledged waits for the peer's TCP
 * acknowledgement (delayed up to 40 ms on Linux), which shows in latencies at low rates.
 * `socketNoDelay: false` in a scenario's kafkajs `clientConfig` gives kafkajs's own behaviour.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { ISocketFactory } from 'kafkajs';

/** kafkajs's keep-alive delay (its `network/socketFactory.js`). */
const KEEP_ALIVE_DELAY_MS = 60_000;

export const KAFKAJS_SOCKET_NO_DELAY_DEFAULT = true;

export function kafkajsSocketFactory(noDelay: boolean): ISocketFactory {
  return ({ host, port, ssl, onConnect }) => {
    const socket = ssl
      ? tls.connect({ host, port, ...(net.isIP(host) === 0 ? { servername: host } : {}), ...ssl }, onConnect)
      : net.connect({ host, port }, onConnect);
    socket.setKeepAlive(true, KEEP_ALIVE_DELAY_MS);
    socket.setNoDelay(noDelay);
    return socket;
  };
}
