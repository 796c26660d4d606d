// The review page: builds every element from the JSON data with DOM APIs and
// textContent (no string is ever parsed as markup), filters it, and records decisions through the
// review server (`extractor review OUT_DIR`) when the page is served by it.
(() => {
  'use strict';
  const DATA = JSON.parse(document.getElementById('report-data').textContent);
  const SERVER = location.protocol === 'http:' || location.protocol === 'https:';
  // the review server's per-session token, sent back with each decision
  const TOKEN = (document.querySelector('meta[name="review-token"]') || {}).content || '';
  const STATUS = {
    conflict: 'Conflict', unresolved: 'Unresolved', outlier: 'Outlier', compatible: 'Compatible', agreed: 'Agreed',
    single: 'Single source',
  };
  const DECISION = { verified: 'Verified', wrong: 'Wrong', 'needs-follow-up': 'Needs follow-up' };
  const REVIEW_HINT = 'Decisions are saved by the review server. Run  extractor review ' + DATA.out_dir +
    '  and open the address it prints.';
  const state = { force: '', region: '', measure: '', status: '', decision: '', q: '', view: 'figures' };
  const byKey = new Map();
  const onPage = {};
  const cards = new Map();
  const checkCards = [];
  const checkById = new Map((DATA.checks || []).map((c) => [c.id, c]));
  const ELSEWHERE = DATA.elsewhere || {};
  const $ = (id) => document.getElementById(id);

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else if (k === 'data') Object.entries(v).forEach(([dk, dv]) => { node.dataset[dk] = dv; });
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false || c === '') continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  function toast(message) {
    const t = $('toast');
    t.textContent = message;
    t.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { t.hidden = true; }, 4000);
  }

  // --- marks: displaCy-style <mark> elements, nested where spans nest ---
  function marks(nodes) {
    return (nodes || []).map((n) => (typeof n === 'string'
      ? document.createTextNode(n)
      : el('mark', { class: 'ent', data: { label: n.label } }, marks(n.children),
        el('span', { class: 'ent-label', text: n.label }))));
  }

  function articleLink(doc) {
    const name = doc.headline || doc.id;
    const parts = [];
    if (doc.url && /^https?:\/\//i.test(doc.url)) {
      parts.push(el('a', { href: doc.url, rel: 'noopener noreferrer', target: '_blank', class: 'article', title: doc.url }, name));
    } else {
      parts.push(el('span', { class: 'article', title: doc.id }, name));
    }
    let href = null;
    if (SERVER) href = '/source/' + encodeURIComponent(doc.id);
    else if (doc.file_uri && /^file:/i.test(doc.file_uri)) href = doc.file_uri;
    const file = doc.source || doc.id;
    parts.push(href ? el('a', { href, class: 'file', title: 'Open the input file' }, file) : el('span', { class: 'file' }, file));
    return parts;
  }

  function statement(st, i) {
    const doc = DATA.documents[st.doc_id] || { id: st.doc_id, source: '' };
    const src = st.copy_of
      ? el('span', { class: 'src copy', title: 'Counted once with statement ' + st.copy_of },
        st.copy_kind + ' ' + st.copy_of + ' · source ' + st.source_no)
      : el('span', { class: 'src independent', title: 'An independent source' }, 'independent · source ' + st.source_no);
    return el('li', { class: 'statement', data: { claimId: st.claim_id, docId: st.doc_id } },
      el('div', { class: 'st-meta' },
        el('span', { class: 'st-no' }, String(i + 1)),
        articleLink(doc),
        doc.published ? el('time', { datetime: doc.published }, doc.published) : el('span', {}, 'no date'),
        st.speaker ? el('span', { class: 'said' }, 'quoted: ' + st.speaker) : null,
        src),
      el('p', { class: 'sentence' }, st.marks && st.marks.length ? marks(st.marks) : st.sentence),
      st.weak ? el('p', { class: 'weak' }, el('span', { class: 'badge weak' }, 'weak: ' + st.weak)) : null,
      el('div', { class: 'st-foot' }, 'states ', el('b', {}, st.statement), ' (as written: “' + st.text + '”)',
        st.qualifier_text ? ' · qualifier: “' + st.qualifier_text + '”' : ''));
  }

  function checkChips(fig) {
    return fig.checks.map((id) => {
      const check = checkById.get(id);
      if (!check) return null;
      return el('span', { class: 'chip ' + check.status, title: check.note }, id + ' ' + check.kind + ': ' + check.status);
    });
  }

  function sourcesText(fig) {
    const s = fig.n_sources === 1 ? 'source' : 'sources';
    const m = fig.n_mentions === 1 ? 'statement' : 'statements';
    const copies = fig.n_sources === 1 && fig.status !== 'single' ? ' (copies of one source: agreement is not independent)'
      : fig.n_mentions > fig.n_sources ? ' (copies counted once)' : '';
    return fig.n_sources + ' independent ' + s + ' for ' + fig.n_mentions + ' ' + m + copies;
  }

  function decisionBadge(fig) {
    if (!fig.decision) return null;
    return el('span', { class: 'badge decision ' + fig.decision, title: fig.decided_at ? 'decided ' + fig.decided_at : '' },
      DECISION[fig.decision] || fig.decision);
  }

  function decisionPanel(fig) {
    const status = el('span', { class: 'dec-status', role: 'status' });
    const note = el('input', { type: 'text', class: 'dec-note', maxlength: 2000, placeholder: 'Note, saved with the decision', 'aria-label': 'Decision note' });
    note.value = fig.decision_note || '';
    const buttons = DATA.decisions.map((d) => el('button', {
      type: 'button', class: 'dec-btn ' + d, data: { decision: d }, 'aria-pressed': String(fig.decision === d),
      'aria-disabled': SERVER ? null : 'true', title: SERVER ? 'Mark this figure ' + DECISION[d].toLowerCase() : REVIEW_HINT,
      onclick: () => decide(fig, d, note, status, buttons),
    }, DECISION[d]));
    showDecision(fig, status);
    return el('div', { class: 'decision' }, el('span', { class: 'dec-label' }, 'Decision'), buttons, note, status);
  }

  function showDecision(fig, status) {
    status.classList.remove('error');
    if (fig.decision) {
      status.textContent = (DECISION[fig.decision] || fig.decision) + (fig.decided_at ? ' · ' + fig.decided_at : '') +
        (fig.decision_note ? ' · “' + fig.decision_note + '”' : '');
    } else {
      status.textContent = SERVER ? 'Not decided yet.' : 'Not decided. ' + REVIEW_HINT;
    }
  }

  async function decide(fig, decision, note, status, buttons) {
    if (!SERVER) {
      status.classList.add('error');
      status.textContent = REVIEW_HINT;
      toast(REVIEW_HINT);
      return;
    }
    buttons.forEach((b) => { b.disabled = true; });
    status.classList.remove('error');
    status.textContent = 'Saving…';
    try {
      const response = await fetch('/api/decision', {
        method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Review-Token': TOKEN },
        body: JSON.stringify({ figure_key: fig.key, decision, note: note.value }),
      });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(body.error || response.status + ' ' + response.statusText);
      applyDecision(fig, body.decision);
      toast('Saved: ' + fig.scope_name + ' · ' + fig.measure + ' marked ' + DECISION[decision].toLowerCase() + '; figures.csv updated.');
    } catch (err) {
      status.classList.add('error');
      status.textContent = 'Not saved: ' + err.message;
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
    }
  }

  function applyDecision(fig, d) {
    fig.decision = d ? d.decision : null;
    fig.decided_at = d ? d.decided_at : null;
    fig.decision_note = d ? (d.decision_note || '') : '';
    const card = cards.get(fig.key);
    if (!card) return;
    card.querySelectorAll('.dec-btn').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.decision === fig.decision)));
    card.querySelector('.dec-note').value = fig.decision_note;
    const head = card.querySelector('.fig-head');
    const old = head.querySelector('.badge.decision');
    const badge = decisionBadge(fig);
    if (old) old.remove();
    if (badge) head.insertBefore(badge, head.querySelector('.fig-id'));
    showDecision(fig, card.querySelector('.dec-status'));
    card.dataset.decision = fig.decision || '';
    fig.haystack = haystack(fig);
    renderCounts();
    apply();
  }

  function figureCard(fig) {
    const card = el('article', {
      class: 'figure status-' + fig.status, id: 'fig-' + fig.id,
      data: { figureKey: fig.key, status: fig.status, scope: fig.scope, decision: fig.decision || '' },
    },
    el('div', { class: 'fig-head' },
      el('span', { class: 'badge ' + fig.status }, STATUS[fig.status] || fig.status),
      el('h3', {}, fig.scope_name,
        el('span', { class: 'what' }, ' · ', el('span', { class: 'k' }, 'measure '), fig.measure,
          fig.qualifiers ? [' · ', el('span', { class: 'k' }, 'qualifiers '), fig.qualifiers] : null,
          ' · ', el('span', { class: 'k' }, 'period '), fig.period)),
      decisionBadge(fig),
      el('span', { class: 'fig-id' }, fig.id)),
    el('div', { class: 'fig-main' },
      el('div', { class: 'fig-value' }, el('span', { class: 'value' }, fig.value), el('span', { class: 'interval' }, fig.interval)),
      el('dl', { class: 'facts' },
        el('dt', {}, 'Chosen by'), el('dd', {}, el('code', {}, fig.chosen_by), fig.chosen_by_text ? ' ' + fig.chosen_by_text : ''),
        el('dt', {}, 'Statements'), el('dd', {}, fig.values_seen),
        el('dt', {}, 'Sources'), el('dd', {}, sourcesText(fig)),
        fig.reason ? [el('dt', {}, 'Why'), el('dd', { class: 'reason' }, fig.reason)] : null,
        fig.weak ? [el('dt', {}, 'Weak'), el('dd', {}, el('span', { class: 'badge weak' }, fig.weak))] : null,
        fig.refinement ? [el('dt', {}, 'Told apart by'), el('dd', {}, fig.refinement)] : null,
        fig.note ? [el('dt', {}, 'Note'), el('dd', {}, fig.note)] : null,
        fig.checks.length ? [el('dt', {}, 'Checks'), el('dd', {}, checkChips(fig))] : null)),
    el('ol', { class: 'statements' }, fig.statements.map(statement)),
    decisionPanel(fig));
    return card;
  }

  function checkCard(check) {
    // a figure on another page of the batch is linked to that page
    const figs = check.figures.map((k) => byKey.get(k) || (ELSEWHERE[k] ? { key: k, href: ELSEWHERE[k] } : null))
      .filter(Boolean);
    return el('article', { class: 'check', id: 'check-' + check.id, data: { checkId: check.id } },
      el('div', { class: 'check-head' },
        el('span', { class: 'badge fail' }, 'check failed'),
        el('h3', {}, check.kind + ' check'),
        el('span', { class: 'fig-id' }, check.id)),
      check.kind === 'period'
        ? el('p', { class: 'check-sum' }, 'stated ', el('b', {}, check.found))
        : el('p', { class: 'check-sum' },
          check.expected ? ['expected ', el('b', {}, check.expected), ', found '] : 'found ', el('b', {}, check.found)),
      check.note ? el('p', { class: 'about' }, check.note) : null,
      el('ul', { class: 'check-figs' }, figs.map((f, i) => el('li', {},
        check.kind === 'period' ? 'period ' + (i + 1) + ': ' : i === 0 ? 'total: ' : 'part: ',
        f.href ? el('a', { href: f.href, class: 'chip elsewhere' }, 'a figure on another page') :
        el('a', { href: '#fig-' + f.id, class: 'chip', onclick: (e) => { e.preventDefault(); reveal(f.key); } },
          f.scope_name + ' · ' + f.measure + (f.qualifiers ? ' (' + f.qualifiers + ')' : '') + ' · ' + f.period + ' = ' + f.value),
        f.href ? null : [' ', el('span', { class: 'badge ' + f.status }, STATUS[f.status] || f.status)]))));
  }

  function reveal(key) {
    const card = cards.get(key);
    if (!card) return;
    if (card.hidden || state.view !== 'figures') { clearFilters(); setView('figures'); }
    card.scrollIntoView({ block: 'center' });
    card.classList.remove('flash');
    void card.offsetWidth;
    card.classList.add('flash');
  }

  // --- filters ---
  function haystack(fig) {
    return [fig.scope_name, fig.scope, fig.region, fig.measure, fig.qualifiers, fig.period, fig.values_seen, fig.note,
      fig.id, fig.decision, fig.decision_note,
      ...fig.statements.flatMap((s) => [s.sentence, s.speaker, s.doc_id, (DATA.documents[s.doc_id] || {}).headline])]
      .filter(Boolean).join('\n').toLowerCase();
  }

  function matchesBesidesStatus(fig) {
    if (state.force && fig.scope !== state.force) return false;
    if (state.region && fig.region !== state.region) return false;
    if (state.measure && fig.measure !== state.measure) return false;
    if (state.decision === 'none' && fig.decision) return false;
    if (state.decision && state.decision !== 'none' && fig.decision !== state.decision) return false;
    if (state.q) {
      const words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
      if (!words.every((w) => fig.haystack.includes(w))) return false;
    }
    return true;
  }

  function filtersActive() {
    return Boolean(state.force || state.region || state.measure || state.status || state.decision || state.q);
  }

  function apply() {
    let shown = 0;
    const perSection = { conflict: 0, unresolved: 0, outlier: 0, failed: 0, compatible: 0, agreed: 0, single: 0 };
    for (const fig of DATA.figures) {
      const visible = (!state.status || state.status === fig.status) && matchesBesidesStatus(fig);
      cards.get(fig.key).hidden = !visible;
      if (visible) { shown += 1; perSection[fig.status] += 1; }
    }
    for (const [check, card] of checkCards) {
      const visible = (!state.status || state.status === 'failed') &&
        check.figures.some((k) => byKey.has(k) && matchesBesidesStatus(byKey.get(k)));
      card.hidden = !visible;
      if (visible) perSection.failed += 1;
    }
    const active = filtersActive();
    document.querySelectorAll('#figures-view .section').forEach((section) => {
      const id = section.dataset.section;
      const n = perSection[id] || 0;
      const total = id === 'failed' ? checkCards.length : onPage[id] || 0;
      const all = id === 'failed' ? DATA.counts.checks_failed : DATA.counts.by_status[id] || 0;
      const here = total === all ? '' : ' on this page; ' + all + ' in the batch';
      section.querySelector('h2 .n').textContent = active ? '(' + n + ' of ' + total + here + ')' : '(' + total + here + ')';
      section.hidden = active && n === 0;
      section.querySelector('.empty').hidden = n > 0;
    });
    $('f-showing').textContent = 'showing ' + shown + ' of ' + DATA.figures.length + ' figures' +
      (perSection.failed ? ', ' + perSection.failed + ' failed check' + (perSection.failed === 1 ? '' : 's') : '');
  }

  function clearFilters() {
    Object.assign(state, { force: '', region: '', measure: '', status: '', decision: '', q: '' });
    syncControls();
    apply();
  }

  function syncControls() {
    $('f-force').value = state.force;
    $('f-region').value = state.region;
    $('f-measure').value = state.measure;
    $('f-status').value = state.status;
    $('f-decision').value = state.decision;
    $('f-q').value = state.q;
  }

  function setView(view) {
    state.view = view;
    $('figures-view').hidden = view !== 'figures';
    $('forces-view').hidden = view !== 'forces';
    $('view-figures').setAttribute('aria-selected', String(view === 'figures'));
    $('view-forces').setAttribute('aria-selected', String(view === 'forces'));
    if (view === 'forces') renderForces();
  }

  function options(select, pairs) {
    for (const [value, label] of pairs) select.append(el('option', { value }, label));
  }

  function scopeRank(fig) {
    if (fig.scope === 'national') return 0;
    if (fig.scope.startsWith('region:')) return 1;
    return fig.scope ? 2 : 3;
  }

  function scopes() {
    const seen = new Map();
    for (const fig of DATA.figures) {
      if (!seen.has(fig.scope)) seen.set(fig.scope, { scope: fig.scope, name: fig.scope_name, region: fig.region, rank: scopeRank(fig), figs: [] });
      seen.get(fig.scope).figs.push(fig);
    }
    return [...seen.values()].sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name));
  }

  function renderForces() {
    const body = $('forces-table').querySelector('tbody');
    body.replaceChildren();
    const failedBy = new Map();
    for (const check of DATA.checks.filter((c) => c.status === 'fail')) {
      for (const k of check.figures) {
        const fig = byKey.get(k);
        if (fig) failedBy.set(fig.scope, (failedBy.get(fig.scope) || new Set()).add(check.id));
      }
    }
    const rows = scopes().map((s) => {
      const n = (status) => s.figs.filter((f) => f.status === status).length;
      const failed = (failedBy.get(s.scope) || new Set()).size;
      return { s, conflict: n('conflict'), compatible: n('compatible'), agreed: n('agreed'), single: n('single'), failed,
        decided: s.figs.filter((f) => f.decision).length };
    });
    rows.sort((a, b) => a.s.rank - b.s.rank || b.conflict - a.conflict || b.failed - a.failed || a.s.name.localeCompare(b.s.name));
    for (const r of rows) {
      body.append(el('tr', { data: { scope: r.s.scope } },
        el('th', { scope: 'row' }, el('button', { type: 'button', onclick: () => { clearFilters(); state.force = r.s.scope; syncControls(); apply(); setView('figures'); window.scrollTo(0, 0); } }, r.s.name)),
        el('td', {}, r.s.region || (r.s.scope === 'national' ? 'national' : '')),
        el('td', { class: 'num' }, String(r.s.figs.length)),
        el('td', { class: 'num' + (r.conflict ? ' hot' : '') }, String(r.conflict)),
        el('td', { class: 'num' }, String(r.compatible)),
        el('td', { class: 'num' }, String(r.agreed)),
        el('td', { class: 'num' }, String(r.single)),
        el('td', { class: 'num' + (r.failed ? ' hot' : '') }, String(r.failed)),
        el('td', { class: 'num' }, r.decided + ' of ' + r.s.figs.length)));
    }
  }

  function renderCounts() {
    const c = DATA.counts;
    const tile = (value, label, cls, status) => (status !== undefined
      ? el('button', { type: 'button', class: 'tile ' + (cls || ''), title: 'Show ' + label, data: { status },
        onclick: () => { state.status = status; syncControls(); setView('figures'); apply(); } },
      el('span', { class: 'v' }, String(value)), el('span', { class: 'k' }, label))
      : el('div', { class: 'tile ' + (cls || '') }, el('span', { class: 'v' }, String(value)), el('span', { class: 'k' }, label)));
    const decided = DATA.figures.filter((f) => f.decision).length;
    $('counts').replaceChildren(
      tile(c.articles, c.input_errors ? 'articles (' + c.input_errors + ' unreadable)' : 'articles'),
      tile(c.claims, 'claims'),
      tile(c.figures, 'figures', '', ''),
      tile(c.by_status.conflict, 'conflict', 'conflict', 'conflict'),
      tile(c.by_status.unresolved, 'unresolved', 'unresolved', 'unresolved'),
      tile(c.by_status.outlier, 'outlier', 'outlier', 'outlier'),
      tile(c.checks_failed, 'checks failed of ' + c.checks, 'failed', 'failed'),
      tile(c.by_status.compatible, 'compatible', 'compatible', 'compatible'),
      tile(c.by_status.agreed, 'agreed', 'agreed', 'agreed'),
      tile(c.by_status.single, 'single source', 'single', 'single'),
      tile(decided, 'decided' + (c.decisions_elsewhere ? ' (+' + c.decisions_elsewhere + ' on figures not in this batch)' : '')));
  }

  async function loadDecisions() {
    try {
      const response = await fetch('/api/decisions', { cache: 'no-store' });
      if (!response.ok) throw new Error(response.status + ' ' + response.statusText);
      const body = await response.json();
      const found = new Map(body.decisions.map((d) => [d.figure_key, d]));
      for (const fig of DATA.figures) {
        const d = found.get(fig.key) || null;
        if ((d ? d.decision : null) !== fig.decision || (d && d.decided_at !== fig.decided_at)) applyDecision(fig, d);
      }
      document.body.dataset.decisions = 'loaded';
    } catch (err) {
      banner('The review server did not answer (' + err.message + '): decisions cannot be saved. ' + REVIEW_HINT);
      document.body.dataset.decisions = 'error';
    }
  }

  function banner(text) {
    const b = $('banner');
    b.textContent = text;
    b.hidden = false;
  }

  // --- pages: a large batch is split into linked files, each small enough to open at once ---
  function renderPages() {
    const pages = DATA.pages || [];
    if (pages.length < 2) return;
    const nav = $('pages');
    nav.append(el('span', { class: 'k' }, 'Pages'));
    pages.forEach((p, i) => {
      const label = String(i + 1);
      const title = p.figures + ' figures: ' + p.statuses.map((s) => STATUS[s] || s).join(', ');
      nav.append(i + 1 === DATA.page
        ? el('span', { class: 'page current', 'aria-current': 'page', title }, label)
        : el('a', { class: 'page', href: p.href, title }, label));
    });
    nav.hidden = false;
  }

  function init() {
    const more = DATA.counts.failed_not_listed;
    const pages = (DATA.pages || []).length;
    $('generated').textContent = DATA.out_dir + (pages > 1 ? ' · page ' + DATA.page + ' of ' + pages : '') +
      (more ? ' · ' + more + ' more failed checks in checks.csv' : '');
    renderPages();
    for (const fig of DATA.figures) {
      onPage[fig.status] = (onPage[fig.status] || 0) + 1;
      fig.haystack = haystack(fig);
      byKey.set(fig.key, fig);
    }
    for (const section of document.querySelectorAll('#figures-view .section')) {
      const meta = DATA.sections.find((s) => s.id === section.dataset.section);
      if (meta) section.querySelector('.about').textContent = meta.about;
      section.querySelector('.cards').append(el('p', { class: 'empty' }, 'None in this batch.'));
    }
    const targets = {};
    document.querySelectorAll('#figures-view .section').forEach((s) => { targets[s.dataset.section] = s.querySelector('.cards'); });
    for (const fig of DATA.figures) {
      const card = figureCard(fig);
      cards.set(fig.key, card);
      (targets[fig.status] || targets.single).append(card);
    }
    for (const check of DATA.checks.filter((c) => c.status === 'fail')) {
      const card = checkCard(check);
      checkCards.push([check, card]);
      targets.failed.append(card);
    }
    const all = scopes();
    options($('f-force'), all.map((s) => [s.scope, s.name]));
    options($('f-region'), [...new Set(DATA.figures.map((f) => f.region).filter(Boolean))].sort().map((r) => [r, r]));
    options($('f-measure'), [...new Set(DATA.figures.map((f) => f.measure).filter(Boolean))].sort().map((m) => [m, m]));
    const bind = (id, field, event) => $(id).addEventListener(event || 'change', (e) => { state[field] = e.target.value; apply(); });
    bind('f-force', 'force');
    bind('f-region', 'region');
    bind('f-measure', 'measure');
    bind('f-status', 'status');
    bind('f-decision', 'decision');
    bind('f-q', 'q', 'input');
    $('f-clear').addEventListener('click', clearFilters);
    $('view-figures').addEventListener('click', () => setView('figures'));
    $('view-forces').addEventListener('click', () => setView('forces'));
    renderCounts();
    apply();
    if (SERVER) loadDecisions();
    else {
      banner('Opened from a file: read only. ' + REVIEW_HINT);
      document.body.dataset.decisions = 'file';
    }
    document.body.dataset.readyMs = String(Math.round(performance.now()));  // for the bench and tests
    document.body.dataset.ready = 'true';
  }

  init();
})();
