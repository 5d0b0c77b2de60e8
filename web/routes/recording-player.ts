import { z } from 'zod';
import { publicIdSchema, type RecordingAccessService } from '../../recordings/index.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { who } from './route-common.js';

/**
 * A minimal, server-rendered recording player (separate from the SPA): an <audio> element on the
 * Range-capable audio URL, a playback-speed control and a canvas waveform drawn from the peaks.
 * The only dynamic value in the HTML is the publicId (validated, and escaped anyway); everything else is
 * fetched by player.js and set through textContent. The CSP allows scripts from this origin only.
 */
const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function playerPage(publicId: string): string {
  const id = escapeHtml(publicId);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Call recording</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem;max-width:860px}canvas{width:100%;height:120px;background:#f4f5f7;cursor:pointer;display:block}
.row{display:flex;gap:1rem;align-items:center;margin:.75rem 0}audio{width:100%}</style></head>
<body><main id="player" data-recording="${id}">
<h1>Call recording</h1>
<p id="meta" data-testid="meta"></p>
<canvas id="waveform" data-testid="waveform" width="860" height="120" aria-label="waveform: click to seek"></canvas>
<audio id="audio" data-testid="audio" controls preload="metadata" src="/api/recordings/${id}/audio"></audio>
<div class="row"><label for="speed">Speed</label>
<select id="speed" data-testid="speed"><option value="0.75">0.75×</option><option value="1" selected>1×</option><option value="1.25">1.25×</option><option value="1.5">1.5×</option><option value="2">2×</option></select>
<span id="time" data-testid="time">0:00</span></div>
</main><script src="/recordings/player.js" defer></script></body></html>`;
}

/** The player's behaviour: waveform from the peaks, click-to-seek, playback speed, elapsed time. */
export const playerScript = `'use strict';
(function () {
  var root = document.getElementById('player');
  var audio = document.getElementById('audio');
  var canvas = document.getElementById('waveform');
  var speed = document.getElementById('speed');
  var time = document.getElementById('time');
  var meta = document.getElementById('meta');
  var id = root.getAttribute('data-recording');
  var peaks = [];
  var durationMs = 0;
  function fmt(s) { s = Math.max(0, Math.floor(s)); return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0'); }
  function total() { return isFinite(audio.duration) && audio.duration > 0 ? audio.duration : durationMs / 1000; }
  function draw() {
    var ctx = canvas.getContext('2d');
    var w = canvas.width, h = canvas.height, n = peaks.length || 1, bar = w / n;
    var played = total() ? audio.currentTime / total() : 0;
    ctx.clearRect(0, 0, w, h);
    for (var i = 0; i < peaks.length; i++) {
      var v = Math.max(0.02, peaks[i]) * (h - 4);
      ctx.fillStyle = i / n < played ? '#2563eb' : '#94a3b8';
      ctx.fillRect(i * bar, (h - v) / 2, Math.max(1, bar - 1), v);
    }
    time.textContent = fmt(audio.currentTime) + ' / ' + fmt(total());
  }
  fetch('/api/recordings/' + encodeURIComponent(id), { credentials: 'same-origin', headers: { accept: 'application/json' } })
    .then(function (r) { return r.ok ? r.json() : Promise.reject(new Error('HTTP ' + r.status)); })
    .then(function (rec) {
      peaks = Array.isArray(rec.peaks) ? rec.peaks.filter(function (p) { return typeof p === 'number'; }) : [];
      durationMs = typeof rec.durationMs === 'number' ? rec.durationMs : 0;
      meta.textContent = 'Duration ' + fmt(durationMs / 1000) + ' · recorded ' + new Date(rec.createdAt).toLocaleString();
      root.setAttribute('data-ready', 'true');
      draw();
    })
    .catch(function (e) { meta.textContent = 'Cannot load the recording: ' + e.message; });
  canvas.addEventListener('click', function (ev) {
    var rect = canvas.getBoundingClientRect();
    if (total()) audio.currentTime = ((ev.clientX - rect.left) / rect.width) * total();
  });
  speed.addEventListener('change', function () { audio.playbackRate = Number(speed.value) || 1; });
  audio.addEventListener('timeupdate', draw);
  audio.addEventListener('seeked', draw);
  audio.addEventListener('loadedmetadata', draw);
})();
`;

const idParams = z.object({ publicId: publicIdSchema });

export function recordingPlayerRoutes(deps: { readonly access: RecordingAccessService }): RouteDef[] {
  return [
    defineRoute({
      method: 'get', path: '/recordings/player.js', operationId: 'recordingPlayerScript', tags: ['recordings'],
      summary: 'The recording player script', access: 'public', produces: ['text/javascript'],
      handler: async ({ res }) => {
        res.status(200).type('text/javascript').setHeader('Cache-Control', 'no-cache');
        res.send(playerScript);
        return undefined;
      },
    }),
    defineRoute({
      method: 'get', path: '/recordings/:publicId/player', operationId: 'recordingPlayerPage', tags: ['recordings'],
      summary: 'A minimal player page (waveform, seeking, playback speed) for one recording', access: 'session',
      params: idParams, produces: ['text/html'],
      handler: async ({ actor, params, res }) => {
        await deps.access.authorize(who(actor), 'play', params.publicId);
        res.status(200).type('html').setHeader('Cache-Control', 'no-store');
        res.send(playerPage(params.publicId));
        return undefined;
      },
    }),
  ];
}
