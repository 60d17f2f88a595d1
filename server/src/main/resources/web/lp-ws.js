// A player for the MPEG-DASH WebSocket sub-protocol (ISO/IEC 23009-6 clause 8 as Livepoint speaks it:
// docs/23009-6.md): one socket to /live/{stream}/, the MPD asked for with fast-start, every later segment
// pushed by the server as it is produced (a segment request with push-next renews the strategy before it
// runs out), each piece appended to Media Source Extensions as it arrives.
'use strict';

(function () {
  const SUBPROTOCOL = 'mpeg-dash-fdh';
  const URN = 'urn:mpeg:dash:fdh:2016:';
  const CODE = { MPD_REQUEST: 0x01, SEGMENT_REQUEST: 0x02, MPD_RECEIVED: 0x81, SEGMENT_RECEIVED: 0x82, END_OF_STREAM: 0x83 };
  const FIRST = 3; // media segments per track pushed with the MPD
  const MORE = 4; // segments pushed after each renewing segment request
  const START_BEHIND_EDGE = 1.0; // seconds behind the newest buffered media to start at

  function encode(code, streamId, meta) {
    const json = new TextEncoder().encode(JSON.stringify(meta));
    const out = new Uint8Array(9 + json.length);
    const v = new DataView(out.buffer);
    v.setUint8(0, code);
    v.setUint32(1, streamId);
    v.setUint32(5, json.length);
    out.set(json, 9);
    return out;
  }

  function decode(buf) {
    const v = new DataView(buf);
    const n = v.getUint32(5);
    return {
      code: v.getUint8(0), id: v.getUint32(1),
      meta: JSON.parse(new TextDecoder().decode(new Uint8Array(buf, 9, n))),
      payload: new Uint8Array(buf, 9 + n)
    };
  }

  /**
   * @param video  the <video> element
   * @param src    the stream's WebSocket endpoint path, e.g. /live/demo/
   * @param hooks  {event(type, detail), warn(message), fail(message)}
   */
  function play(video, src, hooks) {
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + src;
    const ms = new MediaSource();
    const tracks = {}; // id -> {sb, queue, last (newest complete segment), until (newest one asked for)}
    let wallAt = null; // media time (s) -> wall clock (s), from ProducerReferenceTime, else availabilityStartTime
    let nextId = 1;
    let started = false;
    let ws = null;
    video.src = URL.createObjectURL(ms);

    const pump = (t) => {
      if (!t.sb.updating && t.queue.length && ms.readyState === 'open') {
        try {
          t.sb.appendBuffer(t.queue.shift());
        } catch (e) {
          hooks.fail('append failed: ' + e.message);
        }
      }
    };
    const maybeStart = () => {
      const b = video.buffered;
      if (started || !b.length || Object.values(tracks).some((t) => t.last === null)) return;
      started = true;
      video.currentTime = Math.max(b.start(0), b.end(b.length - 1) - START_BEHIND_EDGE);
      const p = video.play();
      if (p && p.catch) p.catch((e) => hooks.event('play-rejected', String(e)));
    };
    const send = (code, meta) => ws.send(encode(code, nextId++, meta));

    const onMpd = (text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      const ast = Date.parse(doc.documentElement.getAttribute('availabilityStartTime')) / 1000;
      wallAt = (t) => ast + t;
      const prt = doc.getElementsByTagName('ProducerReferenceTime')[0];
      const template = prt && prt.parentNode.getElementsByTagName('SegmentTemplate')[0];
      if (prt && template) {
        const wall = Date.parse(prt.getAttribute('wallClockTime')) / 1000;
        const pt = Number(prt.getAttribute('presentationTime')) / Number(template.getAttribute('timescale'));
        wallAt = (t) => wall + (t - pt);
      }
      for (const set of doc.getElementsByTagName('AdaptationSet')) {
        const mime = set.getAttribute('mimeType');
        for (const rep of set.getElementsByTagName('Representation')) {
          const id = rep.getAttribute('id');
          const type = mime + '; codecs="' + (rep.getAttribute('codecs') || set.getAttribute('codecs')) + '"';
          if (!MediaSource.isTypeSupported(type)) {
            hooks.warn('skipping unsupported ' + type);
            continue;
          }
          const t = { sb: ms.addSourceBuffer(type), queue: [], last: null, until: null };
          t.sb.addEventListener('updateend', () => { pump(t); maybeStart(); });
          tracks[id] = t;
        }
      }
      hooks.event('mpd', Object.keys(tracks).join(','));
    };

    const onSegment = (m) => {
      const path = m.meta.url || '';
      const slash = path.indexOf('/');
      const t = tracks[path.substring(0, slash)];
      if (!t) return;
      if (m.meta.status !== 200) {
        hooks.warn('segment ' + path + ' status ' + m.meta.status);
        return;
      }
      if (m.payload.length) {
        t.queue.push(m.payload.slice());
        pump(t);
      }
      const n = parseInt(path.substring(slash + 1), 10);
      if (!m.meta.last || isNaN(n)) return;
      if (t.until === null) t.until = n + FIRST - 1;
      t.last = Math.max(t.last === null ? n : t.last, n);
      // Renew before the pushed segments run out: ask for the next one with push-next.
      if (t.last >= t.until - 1) {
        send(CODE.SEGMENT_REQUEST, { url: path.substring(0, slash) + '/' + (t.until + 1) + '.m4s', pushDirective: URN + 'push-next;' + MORE });
        t.until += 1 + MORE;
      }
    };

    ms.addEventListener('sourceopen', () => {
      ms.duration = Infinity;
      ws = new WebSocket(url, SUBPROTOCOL);
      ws.binaryType = 'arraybuffer';
      ws.onopen = () => {
        hooks.event('socket-open', ws.protocol);
        send(CODE.MPD_REQUEST, { url: 'index.mpd', pushDirective: URN + 'fast-start;' + FIRST });
      };
      ws.onmessage = (e) => {
        if (!(e.data instanceof ArrayBuffer)) return;
        const m = decode(e.data);
        if (m.code === CODE.MPD_RECEIVED) onMpd(new TextDecoder().decode(m.payload));
        else if (m.code === CODE.SEGMENT_RECEIVED) onSegment(m);
        else if (m.code === CODE.END_OF_STREAM) {
          if (m.id === 0) hooks.fail('end of stream: ' + (m.meta.reason || ''));
          else hooks.warn('response ' + m.meta.url + ' cut off: ' + (m.meta.reason || ''));
        }
      };
      ws.onclose = (e) => hooks.event('socket-closed', e.code + ' ' + e.reason);
      ws.onerror = () => hooks.warn('WebSocket error');
    }, { once: true });

    return {
      latency: () => (wallAt === null || !started ? null : Date.now() / 1000 - wallAt(video.currentTime)),
      destroy: () => { if (ws) ws.close(1000, 'bye'); }
    };
  }

  window.LPWS = { play: play };
})();
