/**
 * The local outbox in SQL (`local_outbox`, migration 310): where messages of channels without
 * provider keys land, so platform admins can read them (GET /v1/admin/notifications) — never
 * silently nowhere. Idempotent on the message id, like `MemoryLocalOutboxStore`.
 */
import type { Database } from '../db/types.ts';
import type { LocalOutboxEntry, LocalOutboxStore } from '../notifications/providers/local-outbox.ts';
import type { Channel, Language, MessageKind } from '../notifications/types.ts';

interface LocalRow {
  message_id: string;
  channel: Channel;
  user_id: string;
  recipient: string | null;
  kind: MessageKind;
  language: Language;
  subject: string;
  body: string;
  at: Date;
}

export interface LocalOutboxQuery {
  limit?: number;
  offset?: number;
  userId?: string;
}

export class SqlLocalOutboxStore implements LocalOutboxStore {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  async put(e: LocalOutboxEntry): Promise<{ created: boolean }> {
    const rows = await this.#db.platform((tx) =>
      tx.query(
        `INSERT INTO local_outbox (message_id, channel, user_id, recipient, kind, language, subject, body, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING message_id`,
        [e.messageId, e.channel, e.userId, e.to, e.kind, e.language, e.subject, e.text, new Date(e.at)],
      ),
    );
    return { created: rows.length === 1 };
  }

  async list(options: LocalOutboxQuery = {}): Promise<LocalOutboxEntry[]> {
    const rows = await this.#db.platform((tx) =>
      tx.query<LocalRow>(
        `SELECT message_id, channel, user_id, recipient, kind, language, subject, body, at FROM local_outbox
          WHERE ($1::text IS NULL OR user_id = $1) ORDER BY at DESC, seq DESC LIMIT $2 OFFSET $3`,
        [options.userId ?? null, options.limit ?? null, options.offset ?? 0],
      ),
    );
    return rows.map((r) => ({
      messageId: r.message_id,
      channel: r.channel,
      userId: r.user_id,
      to: r.recipient,
      kind: r.kind,
      language: r.language,
      subject: r.subject,
      text: r.body,
      at: r.at.getTime(),
    }));
  }
}
