/**
 * Real Chromium for the app tests (ADR 0020): Debian's /usr/bin/chromium driven by playwright-core,
 * pages opened at the sizes the apps must fit (a 360 px phone, a 1080 px entrance tablet, a
 * desktop), screenshots kept under test-artifacts/screenshots/<test>/<name>.png, and a watch on
 * every page that collects console errors, uncaught exceptions and failed requests — a test
 * asserts the watch is clean, allowing by pattern only what it provoked on purpose.
 *
 * The kiosk camera is fed through Chromium's own fake capture device: `fakeCamera` writes the
 * QR code of a text into a Y4M file (I420, drawn from the `qrcode` package's module matrix) and
 * launches Chromium with --use-file-for-fake-video-capture, so getUserMedia yields that picture
 * and the page's real decoder (jsqr) reads it. The file is fixed at launch: one browser per code.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import QRCode from 'qrcode';
import { ensureDebianPackage } from './debian.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const screenshotDir = join(root, 'test-artifacts', 'screenshots');

export const viewports = {
  phone: { width: 360, height: 740 },
  tablet: { width: 1080, height: 1920 },
  desktop: { width: 1366, height: 768 },
} as const;
export type ViewportName = keyof typeof viewports;

const baseArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-dev-shm-usage',
  '--disable-extensions',
  '--mute-audio',
];

export interface LaunchOptions {
  /** A Y4M file the fake camera plays in a loop (see `writeQrY4m`). */
  fakeCamera?: string;
}

/** Hindi screens need a Devanagari font, or the screenshots show boxes (Debian: fonts-lohit-deva). */
function ensureDevanagariFont(): void {
  const has = () => execFileSync('fc-list', [':lang=hi'], { encoding: 'utf8' }).trim() !== '';
  if (has()) return;
  if (process.getuid?.() !== 0) throw new Error('no Devanagari font: apt-get install fonts-lohit-deva');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'fonts-lohit-deva'], {
      stdio: 'ignore',
      env,
      timeout: 300_000,
    });
  try {
    install();
  } catch {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env, timeout: 300_000 });
    install();
  }
}

export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  ensureDebianPackage('chromium', 'chromium');
  ensureDevanagariFont();
  const camera = options.fakeCamera
    ? [
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
        `--use-file-for-fake-video-capture=${options.fakeCamera}`,
      ]
    : [];
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [...baseArgs, ...camera],
    timeout: 30_000,
  });
}

/** What went wrong on a page: console errors, uncaught exceptions, failed or 5xx requests. */
export class PageWatch {
  readonly problems: string[] = [];
  readonly #allowed: RegExp[] = [];

  constructor(page: Page) {
    page.on('console', (m) => {
      if (m.type() === 'error') this.#add(`console: ${m.text()} (${m.location().url})`);
    });
    page.on('pageerror', (e) => this.#add(`exception: ${e.message}`));
    page.on('requestfailed', (r) =>
      this.#add(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText}`),
    );
    page.on('response', (r) => {
      if (r.status() >= 500) this.#add(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
    });
  }

  /** Problems matching `pattern` are expected from here on (a wrong PIN's 401, a restart's refusals). */
  allow(pattern: RegExp): void {
    this.#allowed.push(pattern);
  }

  #add(problem: string): void {
    if (!this.#allowed.some((a) => a.test(problem))) this.problems.push(problem);
  }
}

export interface OpenedPage {
  page: Page;
  watch: PageWatch;
}

/** A fresh context (own storage) at the named size, watched, at `url`. */
export async function openPage(browser: Browser, url: string, size: ViewportName): Promise<OpenedPage> {
  const context = await browser.newContext({
    viewport: viewports[size],
    deviceScaleFactor: 1,
    hasTouch: size !== 'desktop',
    permissions: ['camera'],
  });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const watch = new PageWatch(page);
  await page.goto(url, { waitUntil: 'load' });
  return { page, watch };
}

/** Saves a full-page PNG as test-artifacts/screenshots/<test>/<name>.png; returns its path. */
export async function screenshot(page: Page, test: string, name: string): Promise<string> {
  const path = join(screenshotDir, test, `${name}.png`);
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Screenshots the current screen at phone and at tablet size (`<name>-phone`, `<name>-tablet`). */
export async function screenshotSizes(page: Page, test: string, name: string): Promise<void> {
  const before = page.viewportSize();
  await page.setViewportSize(viewports.phone);
  await screenshot(page, test, `${name}-phone`);
  await page.setViewportSize(viewports.tablet);
  await screenshot(page, test, `${name}-tablet`);
  if (before) await page.setViewportSize(before);
}

/**
 * Writes `text` as a QR code into a Y4M video of `frames` identical frames (I420, 640×480): black
 * modules on white, four modules of quiet zone, as a phone screen held up to the tablet would show.
 */
export function writeQrY4m(text: string, path: string, frames = 5): string {
  const width = 640;
  const height = 480;
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const quiet = 4;
  const scale = Math.floor((height - 40) / (modules.size + 2 * quiet));
  const side = scale * (modules.size + 2 * quiet);
  const left = Math.floor((width - side) / 2);
  const top = Math.floor((height - side) / 2);
  const luma = Buffer.alloc(width * height, 0xeb);
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (!modules.get(row, col)) continue;
      for (let dy = 0; dy < scale; dy++) {
        const y = top + (row + quiet) * scale + dy;
        luma.fill(
          0x10,
          y * width + left + (col + quiet) * scale,
          y * width + left + (col + quiet + 1) * scale,
        );
      }
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 0x80);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
  return path;
}

/** Polls `check` until it is true or `timeoutMs` passes (a bounded wait, not a timing assertion). */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition') {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
