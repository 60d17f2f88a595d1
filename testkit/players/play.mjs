#!/usr/bin/env node
// Plays one page (normally Livepoint's player.html?src=...&type=dash|hls) in headless Chromium and prints
// ONE JSON line about what a viewer got:
//   {"reachedPlaying":bool,"startupMs":N,"mediaAdvancedSec":N,"stalls":N,
//    "latencySec":{"last":x,"min":x,"max":x,"avg":x,"settled":x},"latencySeries":[x,...],"error":null|"...","warnings":[...],"console":[...], ...}
// error is the player's first fatal error (or the harness's own); warnings are errors the player got over
// (e.g. a segment that failed to load); console holds the page's last console errors and failed requests.
// It reads window.lpStats, which player.html keeps up to date. It exits 0 whatever the playback did: the
// caller (io.livepoint.testkit.Players) decides what passes. Exit 2 only for a bad command line.
//
// node play.mjs --url URL [--seconds 12] [--startup-timeout 20] [--screenshot out.png] [--chromium /usr/bin/chromium]
import { chromium } from 'playwright-core';

const USAGE = 'usage: node play.mjs --url URL [--seconds N] [--startup-timeout N] [--screenshot FILE] [--chromium PATH]';
const POLL_MS = 200;
const KEEP_CONSOLE = 10;

function parseArgs(argv) {
  const opts = { seconds: 12, startupTimeout: 20, chromium: process.env.LIVEPOINT_CHROMIUM || '/usr/bin/chromium' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(a + ' needs a value');
      return argv[++i];
    };
    if (a === '--url') opts.url = value();
    else if (a === '--seconds') opts.seconds = Number(value());
    else if (a === '--startup-timeout') opts.startupTimeout = Number(value());
    else if (a === '--screenshot') opts.screenshot = value();
    else if (a === '--chromium') opts.chromium = value();
    else throw new Error('unknown argument ' + a);
  }
  if (!opts.url) throw new Error('--url is required');
  if (!(opts.seconds > 0) || !(opts.startupTimeout > 0)) throw new Error('--seconds and --startup-timeout must be > 0');
  return opts;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

let opts;
try {
  opts = parseArgs(process.argv.slice(2));
} catch (e) {
  console.error(e.message + '\n' + USAGE);
  process.exit(2);
}

const result = {
  reachedPlaying: false,
  startupMs: null,
  mediaAdvancedSec: 0,
  stalls: 0,
  latencySec: { last: null, min: null, max: null, avg: null },
  error: null,
  warnings: [],
  console: [],
  player: null,
  state: null,
  events: []
};
let printed = false;
function finish() {
  if (printed) return;
  printed = true;
  process.stdout.write(JSON.stringify(result) + '\n');
}

// A hard stop in case the browser hangs: the caller gets a result either way.
const hardLimitMs = (opts.startupTimeout + opts.seconds + 30) * 1000;
const watchdog = setTimeout(() => {
  result.error = result.error || 'harness timed out after ' + hardLimitMs + ' ms';
  finish();
  process.exit(0);
}, hardLimitMs);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const consoleErrors = [];
const remember = (line) => {
  consoleErrors.push(line.length > 500 ? line.slice(0, 500) + '…' : line);
  if (consoleErrors.length > KEEP_CONSOLE) consoleErrors.shift();
};

let browser;
try {
  browser = await chromium.launch({
    executablePath: opts.chromium,
    headless: true,
    // Playwright gives every launch a fresh, throw-away --user-data-dir. The network flags keep Chromium
    // from calling home (this machine's closed network refuses those connections).
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--autoplay-policy=no-user-gesture-required']
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  page.on('console', (m) => { if (m.type() === 'error') remember(m.text()); });
  page.on('pageerror', (e) => remember('uncaught: ' + (e && e.message ? e.message : String(e))));
  page.on('requestfailed', (r) => remember('request failed: ' + r.url() + ' (' + (r.failure() ? r.failure().errorText : '?') + ')'));
  page.on('crash', () => { result.error = result.error || 'page crashed'; });

  const stats = async () => page.evaluate(() => {
    const s = window.lpStats;
    return s ? JSON.parse(JSON.stringify(s)) : null;
  });

  const started = Date.now();
  await page.goto(opts.url, { waitUntil: 'domcontentloaded', timeout: opts.startupTimeout * 1000 });

  // Phase 1: until the video first plays (or fails).
  let s = null;
  while (Date.now() - started < opts.startupTimeout * 1000) {
    s = await stats();
    if (s && (s.playingAtMs !== null && s.playingAtMs !== undefined || s.state === 'playing')) break;
    if (s && s.state === 'error') break;
    await sleep(POLL_MS);
  }
  if (s && (s.playingAtMs !== null && s.playingAtMs !== undefined || s.state === 'playing')) {
    result.reachedPlaying = true;
    // playingAtMs is performance.now() in the page: milliseconds since its navigation started.
    result.startupMs = Math.round(typeof s.playingAtMs === 'number' ? s.playingAtMs : Date.now() - started);
    const startTime = typeof s.playStartTime === 'number' ? s.playStartTime : s.currentTime;

    // Phase 2: play for --seconds of wall time, sampling the live latency.
    const latencies = [];
    const until = Date.now() + opts.seconds * 1000;
    while (Date.now() < until) {
      await sleep(POLL_MS);
      s = await stats();
      if (s && typeof s.latency === 'number' && isFinite(s.latency)) latencies.push(s.latency);
    }
    result.mediaAdvancedSec = Math.round((s.currentTime - startTime) * 1000) / 1000;
    if (latencies.length) {
      const round = (x) => Math.round(x * 1000) / 1000;
      result.latencySec = {
        last: round(latencies[latencies.length - 1]),
        min: round(Math.min(...latencies)),
        max: round(Math.max(...latencies)),
        avg: round(latencies.reduce((a, b) => a + b, 0) / latencies.length),
        // Median of the window's second half: where the player's catch-up settled.
        settled: round(median(latencies.slice(Math.floor(latencies.length / 2))))
      };
      // One sample a second, to see how the player's catch-up converges.
      const perSecond = Math.max(1, Math.round(1000 / POLL_MS));
      result.latencySeries = latencies.filter((_, i) => i % perSecond === perSecond - 1).map((x) => Math.round(x * 100) / 100);
    }
  } else if (!(s && s.error)) {
    result.error = 'did not reach playing within ' + opts.startupTimeout + ' s (state: ' + (s ? s.state : 'no window.lpStats') + ')';
  }
  if (s) {
    result.stalls = s.stalls || 0;
    result.error = s.error || result.error;
    result.warnings = (s.warnings || []).slice(-KEEP_CONSOLE);
    result.player = s.player || null;
    result.textTracks = s.textTracks || [];
    result.cues = s.cues || [];
    result.state = s.state || null;
    result.events = (s.events || []).slice(-20);
  }
  if (opts.screenshot) {
    await page.screenshot({ path: opts.screenshot });
  }
} catch (e) {
  result.error = result.error || 'harness: ' + (e && e.message ? e.message.split('\n')[0] : String(e));
} finally {
  result.console = consoleErrors;
  if (browser) await browser.close().catch(() => {});
  clearTimeout(watchdog);
  finish();
}
