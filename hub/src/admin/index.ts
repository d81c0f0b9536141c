/**
 * The hub's technician surface, started last by runHub (ARCHITECTURE §5, ADR 0018): the admin
 * socket the `studyspot-hub` CLI talks to, and the metric hooks that need running components
 * (MQTT traffic, unlock latency). A socket that cannot be opened for an ordinary reason (path too
 * long, permissions) is logged and the hub runs on without it; another hub answering on the same
 * data directory is fatal, since two hubs must never share one database.
 */
import { instrumentHub } from '../metrics.ts';
import { type AdminComponents, adminHub } from './admin-hub.ts';
import { hubPaths } from './paths.ts';
import { adminRoutes } from './routes.ts';
import { listenAdminSocket, socketAnswers } from './socket-server.ts';

export { closeHubLogger, hubLogger } from './log-file.ts';
export { hubPaths } from './paths.ts';

export interface RunningAdmin {
  socket: string | null;
  close(): Promise<void>;
}

export async function startAdmin(components: AdminComponents): Promise<RunningAdmin> {
  const uninstrument = instrumentHub(components.core.db, {
    broker: components.broker,
    hardware: components.hardware,
  });
  const paths = hubPaths(components.config);
  const hub = adminHub(components, paths, components.core.clock.now());
  const path = paths.socket;
  if (!path) return { socket: null, close: async () => uninstrument() };
  try {
    const server = await listenAdminSocket(path, adminRoutes(hub));
    components.logger.info({ socket: path }, 'admin socket listening');
    return {
      socket: path,
      close: async () => {
        uninstrument();
        await server.close();
      },
    };
  } catch (error) {
    if (await socketAnswers(path)) {
      uninstrument();
      throw error;
    }
    components.logger.error(
      { err: error, socket: path },
      'admin socket not started: the CLI can only read the data directory',
    );
    return { socket: null, close: async () => uninstrument() };
  }
}
