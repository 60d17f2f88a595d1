// Attaches dash.js, hls.js (or the browser's own HLS) to a <video> with low-latency live settings and keeps
// a stats object up to date. Shared by player.html (which publishes it as window.lpStats) and the index page.
'use strict';

(function () {
  const MAX_EVENTS = 100;
  // SCTE 214-1: an MPD EventStream carrying SCTE-35 as <Signal><Binary>.
  const SCTE35_SCHEME = 'urn:scte:scte35:2014:xml+bin';
  const MAX_WARNINGS = 20;
  // dash.js error codes after which playback goes on (it retries or skips): reported as warnings.
  const DASH_RECOVERABLE = new Set([16 /* time sync */, 17 /* fragment loader */, 26 /* sidx download */,
    27 /* segment download */, 33 /* timed text parse */]);

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = src;
      s.onload = resolve;
      s.onerror = () => reject(new Error('cannot load ' + src));
      document.head.appendChild(s);
    });
  }

  function finite(x) {
    return typeof x === 'number' && isFinite(x) ? x : null;
  }

  /**
   * @param video    the <video> element (played muted: autoplay policies allow that without a gesture)
   * @param src      MPD or multivariant playlist URL
   * @param type     'dash' or 'hls'
   * @param options  {latency: target live latency in seconds (optional: else the manifest's
   *                  ServiceDescription / PART-HOLD-BACK decides), onUpdate: called with the stats}
   */
  async function attach(video, src, type, options) {
    options = options || {};
    const stats = {
      type: type, src: src, player: null, state: 'loading', currentTime: 0, latency: null, stalls: 0,
      error: null, warnings: [], playingAtMs: null, playStartTime: null, buffered: 0, events: [],
      textTracks: [], cues: []
    };
    // Timed events (SCTE-35 splices, ...) the player read from the manifest: "scheme id" (dash.js) or
    // the EXT-X-DATERANGE ID (hls.js), each once.
    const cue = (id) => {
      if (!stats.cues.includes(id) && stats.cues.length < 100) stats.cues.push(id);
    };
    let latencyOf = () => null;
    // Subtitle tracks as the player lists them: [{language, label, characteristics|roles}].
    let textTracksOf = () => [];
    let destroy = () => {};

    const update = () => {
      stats.currentTime = video.currentTime;
      stats.latency = finite(latencyOf());
      stats.textTracks = textTracksOf();
      const b = video.buffered;
      stats.buffered = b.length ? Math.max(0, b.end(b.length - 1) - video.currentTime) : 0;
      if (options.onUpdate) options.onUpdate(stats);
    };
    const event = (type, detail) => {
      stats.events.push({ t: Math.round(performance.now()), type: type, detail: detail === undefined ? null : detail });
      if (stats.events.length > MAX_EVENTS) stats.events.shift();
    };
    // A fatal error stops playback: the first one is kept in stats.error.
    const fail = (message) => {
      stats.state = 'error';
      if (stats.error === null) stats.error = String(message);
      event('error', String(message));
      update();
    };
    // A recoverable one (a segment that failed to load, ...) is kept in stats.warnings.
    const warn = (message) => {
      stats.warnings.push(String(message));
      if (stats.warnings.length > MAX_WARNINGS) stats.warnings.shift();
      event('warning', String(message));
    };

    video.muted = true;
    // dash.js starts playback itself (initialize(..., autoplay=true)) and must see the element's 'play'
    // event: it starts refreshing a dynamic MPD only then. A native autoplay would fire it too early.
    video.autoplay = type === 'hls';
    video.playsInline = true;
    video.addEventListener('playing', () => {
      if (stats.playingAtMs === null) {
        stats.playingAtMs = performance.now();
        stats.playStartTime = video.currentTime;
      }
      stats.state = 'playing';
      event('playing', video.currentTime);
      update();
    });
    video.addEventListener('waiting', () => {
      event('waiting', video.currentTime);
      if (stats.playingAtMs !== null) {
        stats.stalls++;
        stats.state = 'stalled';
      }
      update();
    });
    video.addEventListener('timeupdate', update);
    video.addEventListener('error', () => {
      const e = video.error;
      fail('media element: ' + (e ? e.code + ' ' + (e.message || '') : 'unknown error'));
    });

    try {
      if (type === 'dash') {
        if (!window.dashjs) await loadScript(window.LP_VENDOR.dash);
        const player = dashjs.MediaPlayer().create();
        stats.player = 'dash.js ' + player.getVersion();
        const streaming = { liveCatchup: { enabled: true } };
        if (options.latency) streaming.delay = { liveDelay: options.latency };
        const settings = { streaming: streaming };
        if (options.debug) settings.debug = { logLevel: dashjs.Debug.LOG_LEVEL_DEBUG };
        player.updateSettings(settings);
        player.on(dashjs.MediaPlayer.events.ERROR, (e) => {
          const err = e && e.error ? e.error : e;
          const what = 'dash.js: ' + (err && err.code !== undefined ? err.code + ' ' : '') +
            (err && err.message ? err.message : JSON.stringify(err));
          if (err && DASH_RECOVERABLE.has(err.code)) warn(what); else fail(what);
        });
        player.on(dashjs.MediaPlayer.events.STREAM_INITIALIZED, () => { event('stream-initialized'); update(); });
        player.on(SCTE35_SCHEME, (e) => cue(SCTE35_SCHEME + ' ' + (e.event ? e.event.id : '?')), null,
          { mode: dashjs.MediaPlayer.events.EVENT_MODE_ON_RECEIVE });
        player.initialize(video, src, true);
        latencyOf = () => player.getCurrentLiveLatency();
        textTracksOf = () => (player.getTracksFor('text') || []).map((t) => ({
          language: t.lang || null, label: t.id || null,
          roles: (t.roles || []).map((r) => r.value || r).concat((t.accessibility || []).map((a) => a.value || a))
        }));
        destroy = () => player.destroy();
      } else if (type === 'hls') {
        if (!window.Hls) await loadScript(window.LP_VENDOR.hls);
        if (Hls.isSupported()) {
          const config = { lowLatencyMode: true, backBufferLength: 30, maxLiveSyncPlaybackRate: 1.1 };
          if (options.debug) config.debug = true;
          if (options.latency) config.liveSyncDuration = options.latency;
          const hls = new Hls(config);
          stats.player = 'hls.js ' + Hls.version;
          hls.on(Hls.Events.ERROR, (name, data) => {
            const what = 'hls.js: ' + data.type + ' ' + data.details + (data.response && data.response.code ? ' (HTTP ' + data.response.code + ')' : '');
            if (data.fatal) fail(what); else warn(what);
          });
          hls.on(Hls.Events.MANIFEST_PARSED, () => { event('manifest-parsed'); update(); });
          hls.on(Hls.Events.LEVEL_UPDATED, (name, data) => {
            Object.keys((data.details && data.details.dateRanges) || {}).forEach(cue);
          });
          hls.loadSource(src);
          hls.attachMedia(video);
          // hls.latency is only meaningful for a live playlist (for VOD it is the distance to the end).
          latencyOf = () => (hls.latestLevelDetails && hls.latestLevelDetails.live ? hls.latency : null);
          textTracksOf = () => (hls.allSubtitleTracks || hls.subtitleTracks || []).map((t) => ({
            language: t.lang || null, label: t.name || null,
            roles: t.characteristics ? String(t.characteristics).split(',') : []
          }));
          destroy = () => hls.destroy();
        } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
          stats.player = 'native HLS';
          video.src = src;
          destroy = () => { video.removeAttribute('src'); video.load(); };
        } else {
          throw new Error('this browser has neither Media Source Extensions nor native HLS');
        }
      } else if (type === 'ws') {
        // ISO/IEC 23009-6 over WebSocket: src is the stream's endpoint, e.g. /live/demo/.
        if (!window.LPWS) await loadScript('lp-ws.js');
        const p = LPWS.play(video, src, { event: event, warn: warn, fail: fail });
        stats.player = 'livepoint WebSocket (23009-6)';
        latencyOf = p.latency;
        destroy = p.destroy;
      } else {
        throw new Error('unknown type "' + type + '" (use dash, hls or ws)');
      }
      event('attached', stats.player);
      if (type === 'hls') { // dash.js plays by itself, and an early 'play' would hide the start from it; ws starts at its live point
        const p = video.play();
        if (p && p.catch) p.catch((e) => event('play-rejected', String(e)));
      }
    } catch (e) {
      fail(e && e.message ? e.message : e);
    }
    update();
    return { stats: stats, destroy: () => destroy() };
  }

  window.LP = { attach: attach };
})();
