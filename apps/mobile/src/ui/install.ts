/**
 * The browser's "install this app" offer (`beforeinstallprompt`, Chromium), caught as soon as the
 * module loads so the Settings screen can offer it later; null where the browser does not offer it
 * (Safari: Share → Add to Home Screen) or the app is installed already.
 */
interface InstallPrompt extends Event {
  prompt(): Promise<void>;
}

let deferred: InstallPrompt | null = null;
const listeners = new Set<() => void>();

window.addEventListener('beforeinstallprompt', (event) => {
  event.preventDefault();
  deferred = event as InstallPrompt;
  for (const listener of listeners) listener();
});

export function installOffer(): InstallPrompt | null {
  return deferred;
}

export function onInstallOffer(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export async function install(): Promise<void> {
  const prompt = deferred;
  deferred = null;
  await prompt?.prompt();
  for (const listener of listeners) listener();
}
