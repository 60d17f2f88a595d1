import { chromium } from 'playwright-core';
const url = process.argv[2]; const secs = +(process.argv[3] || 10);
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--autoplay-policy=no-user-gesture-required','--disable-background-networking'] });
const p = await b.newPage(); const t0 = Date.now();
p.on('request', r => { if (r.url().includes('/live/')) console.log(((Date.now()-t0)/1000).toFixed(2), 'REQ', r.url().replace(/.*\/live\//,'')); });
p.on('requestfinished', async r => { if (r.url().includes('/live/')) { const res = await r.response(); console.log(((Date.now()-t0)/1000).toFixed(2), 'END', res && res.status(), r.url().replace(/.*\/live\//,'')); }});
p.on('requestfailed', r => console.log(((Date.now()-t0)/1000).toFixed(2), 'FAIL', r.url(), r.failure()?.errorText));
p.on('console', m => console.log('console', m.type(), m.text().slice(0, 200)));
await p.goto(url); await p.waitForTimeout(secs*1000); await b.close();
