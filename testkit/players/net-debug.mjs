// Debugging aid: logs a player page's requests to /live/ with timings, and its console (node net-debug.mjs URL SECONDS).
import { chromium } from 'playwright-core';
const url = process.argv[2]; const secs = +(process.argv[3] || 10);
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--autoplay-policy=no-user-gesture-required','--disable-background-networking'] });
const p = await b.newPage(); const t0 = Date.now();
const ts = () => ((Date.now() - t0) / 1000).toFixed(2);
p.on('request', r => { if (r.url().includes('/live/')) console.log(ts(), 'REQ', r.url().replace(/.*\/live\//, '')); });
p.on('requestfinished', async r => { if (r.url().includes('/live/')) { const res = await r.response(); console.log(ts(), 'END', res && res.status(), r.url().replace(/.*\/live\//, '')); } });
p.on('requestfailed', r => console.log(ts(), 'FAIL', r.url(), r.failure()?.errorText));
p.on('console', m => console.log(ts(), 'console', m.type(), m.text().slice(0, 200)));
await p.goto(url);
for (let i = 0; i < secs * 2; i++) { await p.waitForTimeout(500); const s = await p.evaluate(() => { const v = document.querySelector('video'); const b = v.buffered; return `t=${v.currentTime.toFixed(2)} buf=${b.length ? b.start(0).toFixed(2) + '-' + b.end(b.length - 1).toFixed(2) : 'none'} rate=${v.playbackRate.toFixed(2)}`; }); console.log(ts(), 'STATE', s); }
await b.close();
