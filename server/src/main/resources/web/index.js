// Index page: lists the live streams (GET /api/streams, refreshed every few seconds) and plays the chosen
// one side by side in dash.js and hls.js (each in a player.html frame), with the live latency under each.
'use strict';

(function () {
  const REFRESH_MS = 3000;
  const tbody = document.querySelector('#streams tbody');
  const empty = document.getElementById('empty');
  const apiError = document.getElementById('api-error');
  let streams = [];
  let watching = null; // {name, mpd, hls}

  document.getElementById('ffmpeg-hint').textContent =
    'ffmpeg -re -f lavfi -i testsrc2=size=1280x720:rate=25 -c:v libx264 -preset veryfast -tune zerolatency -g 50 \\\n' +
    '  -f mp4 -movflags empty_moov+separate_moof+default_base_moof+cmaf -frag_duration 500000 \\\n' +
    '  "' + location.origin + '/ingest/mystream/Streams(video.cmfv)"';

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v; else if (k === 'onclick') e.onclick = v; else e.setAttribute(k, v);
    }
    for (const c of children) e.append(c);
    return e;
  }

  function describe(t) {
    const kind = (t.kind || '').toLowerCase();
    const parts = [t.id, kind !== t.id ? kind : null, t.codecs];
    if (t.width && t.height) parts.push(t.width + 'x' + t.height);
    if (t.bandwidth) parts.push(Math.round(t.bandwidth / 1000) + ' kbit/s');
    if (t.language && t.language !== 'und') parts.push(t.language);
    return parts.filter(Boolean).join(' · ');
  }

  function render() {
    tbody.replaceChildren(...streams.map((s) => el('tr', { class: watching && watching.name === s.name ? 'selected' : '' },
      el('td', {}, el('strong', {}, s.name)),
      el('td', {}, ...(s.tracks || []).map((t) => el('div', { class: 'track' }, describe(t)))),
      el('td', {}, el('a', { href: s.mpd }, 'MPD'), ' ', el('a', { href: s.hls }, 'HLS'), ' ',
        // ISO/IEC 23009-6 over WebSocket: the same stream played from segments the server sends.
        el('a', { href: playerUrl('/live/' + encodeURIComponent(s.name) + '/', 'ws'), target: '_blank' }, 'WebSocket'), ' ',
        el('a', { href: 'rtsp://' + location.hostname + ':8554/' + encodeURIComponent(s.name) }, 'RTSP')),
      el('td', {}, el('button', { onclick: () => watch(s) }, 'watch')))));
    empty.hidden = streams.length > 0;
  }

  function playerUrl(src, type) {
    return 'player.html?type=' + type + '&src=' + encodeURIComponent(src);
  }

  function watch(s) {
    watching = { name: s.name, mpd: s.mpd, hls: s.hls };
    location.hash = encodeURIComponent(s.name);
    document.getElementById('watch').hidden = false;
    document.getElementById('watch-name').textContent = s.name;
    document.getElementById('frame-dash').src = playerUrl(s.mpd, 'dash');
    document.getElementById('frame-hls').src = playerUrl(s.hls, 'hls');
    render();
  }

  async function refresh() {
    try {
      const res = await fetch('/api/streams', { cache: 'no-store' });
      if (!res.ok) throw new Error('GET /api/streams: HTTP ' + res.status);
      streams = await res.json();
      apiError.hidden = true;
      document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
    } catch (e) {
      apiError.textContent = String(e.message || e);
      apiError.hidden = false;
    }
    render();
    // Start on the stream named in the address (#name), else on the first one, so a newcomer sees video at once.
    if (!watching && streams.length) {
      const wanted = decodeURIComponent(location.hash.slice(1));
      watch(streams.find((s) => s.name === wanted) || streams[0]);
    }
  }

  function showStats(type) {
    const out = document.getElementById('stats-' + type);
    let s = null;
    try {
      s = document.getElementById('frame-' + type).contentWindow.lpStats;
    } catch (e) {
      // not loaded yet
    }
    if (!s) { out.textContent = '–'; return; }
    const parts = [s.state];
    parts.push('latency ' + (s.latency === null || s.latency === undefined ? '–' : s.latency.toFixed(2) + ' s'));
    if (typeof s.buffered === 'number') parts.push('buffer ' + s.buffered.toFixed(2) + ' s');
    if (s.stalls) parts.push(s.stalls + ' stall' + (s.stalls > 1 ? 's' : ''));
    if (s.error) parts.push(s.error);
    out.textContent = parts.join(' · ');
    out.className = 'stats ' + s.state;
  }

  refresh();
  setInterval(refresh, REFRESH_MS);
  setInterval(() => { if (watching) { showStats('dash'); showStats('hls'); } }, 250);
})();
