// Renders /status/snapshot as pushed on /status/events. Every text from the server goes in through textContent.
'use strict';

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

function row(cells, attrs) {
  const tr = document.createElement('tr');
  for (const c of cells) {
    const td = document.createElement('td');
    if (c instanceof Node) td.appendChild(c); else td.textContent = c === null || c === undefined ? '—' : String(c);
    tr.appendChild(td);
  }
  for (const [k, v] of Object.entries(attrs || {})) tr.setAttribute(k, v);
  return tr;
}

function fill(id, rows, empty) {
  const body = document.querySelector('#' + id + ' tbody');
  body.replaceChildren(...rows);
  if (rows.length === 0) {
    const cols = document.querySelectorAll('#' + id + ' thead th').length;
    const td = el('td', empty, 'meta');
    td.colSpan = cols;
    const tr = document.createElement('tr');
    tr.appendChild(td);
    body.appendChild(tr);
  }
}

function duration(s) {
  if (s === null || s === undefined) return '—';
  if (s >= 86400) return Math.floor(s / 86400) + 'd ' + Math.floor(s % 86400 / 3600) + 'h';
  if (s >= 3600) return Math.floor(s / 3600) + 'h ' + String(Math.floor(s % 3600 / 60)).padStart(2, '0') + 'm';
  if (s >= 60) return Math.floor(s / 60) + 'm ' + String(Math.floor(s % 60)).padStart(2, '0') + 's';
  return Math.round(s) + 's';
}

function bytes(n) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return n.toFixed(i === 0 ? 0 : 1) + ' ' + units[i];
}

function when(instant) {
  return instant ? new Date(instant).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—';
}

// A bar of `seconds` against `limit`; `running` draws it amber while it still counts.
function bar(seconds, limit, label, running) {
  const wrap = el('div', null, 'phase');
  const b = el('div', null, 'bar');
  const fillPart = el('span');
  if (seconds !== null && seconds !== undefined && limit) {
    fillPart.style.width = Math.min(100, seconds * 100 / limit) + '%';
    if (seconds > limit) b.classList.add('over'); else if (running) b.classList.add('running');
  }
  b.appendChild(fillPart);
  if (label) wrap.appendChild(el('b', label));
  wrap.appendChild(b);
  wrap.appendChild(el('span', duration(seconds) + (limit ? ' of ' + duration(limit) : ''),
      seconds !== null && seconds !== undefined && limit && seconds > limit ? 'bad' : ''));
  return wrap;
}

function verdict(ok, yes, no) {
  if (ok === null || ok === undefined) return el('span', '—', 'meta');
  return el('span', ok ? yes : no, ok ? 'good' : 'bad');
}

function render(s) {
  document.getElementById('taken-at').textContent = when(s.takenAt);
  const v = document.getElementById('verdict');
  v.className = s.protectedNow ? 'ok' : 'risk';
  v.textContent = s.protectedNow ? 'PROTECTED — every objective holds right now'
      : 'AT RISK — ' + s.risks.length + ' finding(s)';
  document.getElementById('risks').replaceChildren(...s.risks.map(r => el('li', r)));

  fill('protection', s.components.map(c => row([
    el('span', c.name + ' (' + c.component + ')'),
    c.rpoSeconds === null ? el('span', c.rpoKind.toLowerCase().replace(/_/g, ' '), 'meta')
        : bar(c.exposureSeconds, c.rpoSeconds, null, false),
    when(c.newestPointAt),
    duration(c.rtoSeconds),
    el('span', c.openIncidents, c.openIncidents > 0 ? 'bad' : ''),
    c.capacity ? bytes(c.capacity.maxDatabaseBytes) + ' at ' + bytes(c.capacity.throughputBytesPerSecond) + '/s'
        : '—'
  ], {'data-component': c.component})), 'no objectives configured');

  fill('backups', s.backups.map(b => row([
    b.target, b.component, b.kind, when(b.consistentAt),
    b.rpoSeconds === null ? duration(b.ageSeconds) : bar(b.ageSeconds, b.rpoSeconds, null, false),
    b.backupId + ' (' + bytes(b.sizeBytes) + ')'
  ], {'data-target': b.target})), 'no backup completed yet');

  fill('wal', s.walArchives.map(w => row([
    w.target, when(w.archivedTo),
    w.rpoSeconds === null ? duration(w.ageSeconds) : bar(w.ageSeconds, w.rpoSeconds, null, false),
    duration(w.lagSeconds),
    el('span', w.gaps === 0 ? 'none' : w.gaps + ' missing', w.gaps === 0 ? 'good' : 'bad')
  ], {'data-target': w.target})), 'no WAL archive reported yet');

  fill('topology', s.clusters.map(c => row([
    c.cluster,
    c.primary ? el('span', c.primary, 'good') : el('span', 'none writable', 'bad'),
    c.standbys.length === 0 ? el('span', 'none', 'bad') : el('span', c.standbys.map(n => n.address
        + (n.streaming ? ' streaming' : ' not streaming')
        + (n.lagSeconds !== null ? ', ' + duration(n.lagSeconds) + ' behind' : '')).join('; '),
        c.streamingStandbys > 0 ? '' : 'bad'),
    c.fenced.length ? c.fenced.join(', ') : '—',
    when(c.changedAt) + ' · ' + c.reason + (c.incidentId ? ' (' + c.incidentId + ')' : '')
  ], {'data-cluster': c.cluster})), 'no topology heard yet');

  fill('incidents', s.incidents.map(i => {
    const phases = el('div');
    for (const p of i.phases) phases.appendChild(bar(p.seconds, p.limitSeconds, p.name, p.to === null));
    const state = el('span', i.state + (i.monitoring ? ' · monitoring ' + i.monitoring : ''),
        i.open ? 'bad' : 'good');
    return row([el('span', i.incidentId + ' — ' + i.component + ' (' + i.severity.toLowerCase() + '), since '
        + when(i.outageStartedAt)), state, phases], {'data-incident': i.incidentId, 'data-state': i.state});
  }), 'no incidents');

  fill('drills', s.drills.map(d => row([
    d.drillId + ' — ' + d.scenario + ' (' + d.type + ')', when(d.completedAt),
    verdict(d.success, 'succeeded', 'failed' + (d.error ? ': ' + d.error : '')),
    el('span', duration(d.measuredRtoSeconds) + ' of ' + duration(d.rtoObjectiveSeconds),
        d.rtoMet === false ? 'bad' : ''),
    el('span', duration(d.measuredRpoSeconds) + ' of ' + duration(d.rpoObjectiveSeconds),
        d.rpoMet === false ? 'bad' : '')
  ], {'data-drill': d.drillId})), 'no drills recorded');
}

const connection = document.getElementById('connection');
const events = new EventSource('/status/events');
events.onopen = () => { connection.textContent = 'live'; };
events.onerror = () => { connection.textContent = 'reconnecting…'; };
events.onmessage = e => { connection.textContent = 'live'; render(JSON.parse(e.data)); };
