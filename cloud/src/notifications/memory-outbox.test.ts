import { MemoryOutbox } from './memory-outbox.ts';
import { outboxContract } from './outbox.contract.ts';

outboxContract('memory', async () => new MemoryOutbox());
