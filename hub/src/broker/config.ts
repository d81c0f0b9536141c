/**
 * The broker's slice of the hub config: one zod schema with defaults, so every error is reported at
 * start. Port 0 means an ephemeral port (tests); TLS is on only when both cert and key are given.
 */
import { z } from 'zod';

export const BrokerConfig = z.object({
  host: z.string().default('0.0.0.0'),
  port: z.number().int().min(0).max(65_535).default(1883),
  tls: z
    .object({
      port: z.number().int().min(0).max(65_535).default(8883),
      certPath: z.string().min(1),
      keyPath: z.string().min(1),
    })
    .optional(),
  /** Concurrent connections from one remote address (TCP, TLS and WebSocket together). */
  maxConnectionsPerAddress: z.number().int().min(1).default(20),
  /** Largest MQTT packet accepted, header included; a bigger one closes the connection. */
  maxPacketSize: z
    .number()
    .int()
    .min(1024)
    .max(268_435_455)
    .default(64 * 1024),
  /** How long a subscriber's full socket may block delivery before aedes disconnects it. */
  drainTimeoutMs: z.number().int().min(100).default(5_000),
  /** How long a new connection may take to send CONNECT. */
  connectTimeoutMs: z.number().int().min(100).default(10_000),
});
export type BrokerConfig = z.infer<typeof BrokerConfig>;
export type BrokerConfigInput = z.input<typeof BrokerConfig>;
