// player.html: one full-window player. Publishes window.lpStats (read by the headless test harness,
// testkit/players/play.mjs) and shows a one-line status.
'use strict';

(function () {
  const q = new URLSearchParams(location.search);
  const src = q.get('src');
  const type = q.get('type') || (src && /\.m3u8(\?|$)/.test(src) ? 'hls' : 'dash');
  const latency = parseFloat(q.get('latency'));
  const status = document.getElementById('status');
  // Inside the index page's frames the page shows the stats under the player itself.
  if (window.self !== window.top) status.hidden = true;

  window.lpStats = { state: 'loading', currentTime: 0, latency: null, stalls: 0, error: null, events: [] };

  const show = (s) => {
    window.lpStats = s;
    const parts = [s.player || s.type, s.state, 't=' + s.currentTime.toFixed(2) + 's'];
    if (s.latency !== null) parts.push('latency ' + s.latency.toFixed(2) + 's');
    parts.push('buffer ' + s.buffered.toFixed(2) + 's');
    if (s.stalls) parts.push(s.stalls + ' stall' + (s.stalls > 1 ? 's' : ''));
    if (s.warnings.length) parts.push(s.warnings.length + ' warning' + (s.warnings.length > 1 ? 's' : ''));
    if (s.error) parts.push(s.error);
    status.textContent = parts.join(' · ');
    status.className = 'status ' + s.state;
  };

  if (!src) {
    window.lpStats.state = 'error';
    window.lpStats.error = 'missing ?src=URL (and &type=dash|hls)';
    status.textContent = window.lpStats.error;
    status.className = 'status error';
    return;
  }
  document.title = 'Livepoint · ' + src;
  LP.attach(document.getElementById('video'), src, type, {
    latency: latency > 0 ? latency : undefined,
    debug: q.get('debug') === '1',
    onUpdate: show
  });
})();
