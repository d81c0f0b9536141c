import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('hub config', () => {
  it('has defaults for everything', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      dataDir: './.data',
      http: { port: 8080 },
      mqtt: { port: 1883 },
      logLevel: 'info',
    });
  });

  it('reads a file and lets the environment win', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const file = join(dir, 'hub.json');
    writeFileSync(file, JSON.stringify({ dataDir: '/var/lib/studyspot', http: { port: 9000 } }));
    const c = loadConfig({ HUB_HTTP_PORT: '9100', LOG_LEVEL: 'warn' }, file);
    expect(c).toMatchObject({ dataDir: '/var/lib/studyspot', http: { port: 9100 }, logLevel: 'warn' });
  });

  it('reports every problem at once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const file = join(dir, 'hub.json');
    writeFileSync(file, JSON.stringify({ http: { port: 70000 }, logLevel: 'loud' }));
    try {
      loadConfig({}, file);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems).toHaveLength(2);
      expect((e as ConfigError).message).toMatch(/http\.port/);
    }
    expect(() => loadConfig({}, join(dir, 'missing.json'))).toThrow(/does not exist/);
    writeFileSync(file, '{nope');
    expect(() => loadConfig({}, file)).toThrow(/not valid JSON/);
  });
});
