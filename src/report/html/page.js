// vigil HTML pages: the one script, embedded inline and allowed by its
// SHA-256 hash in the page's Content-Security-Policy. The page is complete
// without it; the script adds sorting, filtering and on-demand rendering of
// long row lists. It never fetches anything, defines no globals, and puts
// text into the page only through textContent, never as HTML.
//
// What it works on (any vigil page laid out so, not only the report):
//   #vigil-data               the JSON data block (below), a script
//                             element of type application/json
//   #items [data-noun]        the list; its .item-head spans with
//                             data-sort=KEY become sort buttons (ascending
//                             first, descending with data-sort-first=desc)
//   details.item[data-item=N] one entry per data item N, in data order
//     .rows[data-kind=K]      a row list inside the entry, replaced by the
//                             full (filtered) list when the entry opens;
//                             K is "offending" (exception -1) or "waived"
//   #filters                  shown by the script: input#f-text,
//                             select[data-facet=F], #f-reset,
//                             #expand-all, #collapse-all
//   #f-count, #f-none         "showing n of m", "nothing matches"
// Data: {"strings": [...], "exceptions": [[state, owner, expires, reason]],
//        "items": [{"facets": {F: value or [values]}, "sort": {KEY: v},
//                   "text": "lowercase text", "groups": [field, ...],
//                   "rows": [[id, name, type, account, region, exception, why]]}]}
// type/account/region are indices into "strings".
(function () {
  'use strict';
  var ROWS_PAGE = 100;    // rows rendered at a time in a group
  var GROUPS_PAGE = 50;   // groups rendered at a time in a list
  var GROUPS_OPEN = 3;    // groups opened at first
  var FIELD = { id: 0, name: 1, type: 2, account: 3, region: 4, exception: 5, why: 6 };

  var dataEl = document.getElementById('vigil-data');
  var list = document.getElementById('items');
  if (!dataEl || !list) return;
  var data;
  try {
    data = JSON.parse(dataEl.textContent);
  } catch (e) {
    return;  // the static page stays as it is
  }
  var strings = data.strings || [];
  var exceptions = data.exceptions || [];
  var items = data.items || [];
  var noun = list.getAttribute('data-noun') || 'items';

  // The writer lowercases ASCII only; the query is lowercased in full.
  items.forEach(function (item) { item.text = String(item.text || '').toLowerCase(); });

  var entries = [];  // {el, item, index, rendered}
  list.querySelectorAll('details.item[data-item]').forEach(function (el) {
    var n = Number(el.getAttribute('data-item'));
    if (items[n]) entries.push({ el: el, item: items[n], index: n, rendered: false });
  });

  var state = { text: '', facets: {} };

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function str(i) { return i >= 0 && i < strings.length ? strings[i] : ''; }
  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : many); }

  // ---- filtering -----------------------------------------------------------

  function rowText(item) {
    if (!item._rowText) {
      item._rowText = item.rows.map(function (r) {
        return (r[FIELD.id] + '\n' + r[FIELD.name]).toLowerCase();
      });
    }
    return item._rowText;
  }

  function facetMatches(item, facet, want) {
    var have = item.facets ? item.facets[facet] : undefined;
    if (Array.isArray(have)) return have.indexOf(want) >= 0;
    return have === want;
  }

  // Rows of `item` that pass the account/region filters and, when the text
  // is not found in the item itself, the text filter.
  function visibleRows(item) {
    var acct = state.facets.account, reg = state.facets.region;
    var q = state.text;
    var byText = q && item.text.indexOf(q) < 0;
    var texts = byText ? rowText(item) : null;
    var out = [];
    for (var i = 0; i < item.rows.length; i++) {
      var r = item.rows[i];
      if (acct && str(r[FIELD.account]) !== acct) continue;
      if (reg && str(r[FIELD.region]) !== reg) continue;
      if (byText && texts[i].indexOf(q) < 0) continue;
      out.push(r);
    }
    return out;
  }

  function itemMatches(item) {
    for (var f in state.facets) {
      if (state.facets[f] && !facetMatches(item, f, state.facets[f])) return false;
    }
    var q = state.text;
    if (!q || item.text.indexOf(q) >= 0) return true;
    var texts = rowText(item);
    for (var i = 0; i < texts.length; i++) {
      if (texts[i].indexOf(q) >= 0) return true;
    }
    return false;
  }

  function filtersActive() {
    if (state.text) return true;
    for (var f in state.facets) if (state.facets[f]) return true;
    return false;
  }

  function applyFilters() {
    var shown = 0;
    entries.forEach(function (e) {
      var ok = itemMatches(e.item);
      e.el.hidden = !ok;
      if (ok) shown++;
      if (ok && e.el.open) renderRows(e);
      else e.rendered = false;
    });
    var count = document.getElementById('f-count');
    if (count) {
      count.hidden = false;
      count.textContent = filtersActive()
          ? 'Showing ' + shown + ' of ' + plural(entries.length, noun.replace(/s$/, ''), noun) + '.'
          : plural(entries.length, noun.replace(/s$/, ''), noun) + '.';
    }
    var none = document.getElementById('f-none');
    if (none) none.hidden = shown > 0 || entries.length === 0;
  }

  // ---- rows, rendered on demand ---------------------------------------------

  function rowCells(tr, r, waived) {
    tr.appendChild(el('td', 'aid', r[FIELD.id] === '' ? '(no id)' : r[FIELD.id]));
    tr.appendChild(el('td', null, r[FIELD.name]));
    tr.appendChild(el('td', null, str(r[FIELD.type])));
    if (waived) {
      var ex = exceptions[r[FIELD.exception]] || ['', '', '', ''];
      tr.appendChild(el('td', null, ex[1]));
      tr.appendChild(el('td', null, ex[2]));
      tr.appendChild(el('td', null, ex[3]));
    } else {
      tr.appendChild(el('td', 'why', r[FIELD.why] || ''));
    }
  }

  function groupTable(waived) {
    var table = el('table', waived ? 'rows-t waived' : 'rows-t');
    var head = table.appendChild(el('thead')).appendChild(el('tr'));
    var cols = ['Asset id', 'Name', 'Type'];
    cols = cols.concat(waived ? ['Owner', 'Expires', 'Reason'] : ['Why']);
    cols.forEach(function (c) { head.appendChild(el('th', null, c)); });
    table.appendChild(el('tbody'));
    return table;
  }

  // Appends rows[from, from + ROWS_PAGE) to the group, with a button for more.
  function renderRowPage(box, rows, from, waived) {
    var tbody = box.querySelector('tbody');
    var end = Math.min(rows.length, from + ROWS_PAGE);
    var frag = document.createDocumentFragment();
    for (var i = from; i < end; i++) {
      var tr = el('tr');
      rowCells(tr, rows[i], waived);
      frag.appendChild(tr);
    }
    tbody.appendChild(frag);
    var old = box.querySelector(':scope > .more-btn');
    if (old) old.remove();
    if (end < rows.length) {
      var more = el('button', 'more-btn',
          'Show ' + Math.min(ROWS_PAGE, rows.length - end) + ' more (' +
          end + ' of ' + rows.length + ' shown)');
      more.type = 'button';
      more.addEventListener('click', function () { renderRowPage(box, rows, end, waived); });
      box.appendChild(more);
    }
  }

  function groupLabel(summary, fields, key, count) {
    fields.forEach(function (f, i) {
      if (i > 0) summary.appendChild(document.createTextNode(', '));
      var name = i === 0 ? f.charAt(0).toUpperCase() + f.slice(1) : f;
      summary.appendChild(document.createTextNode(name + ' '));
      summary.appendChild(el('b', null, key[i] === '' ? '(none)' : key[i]));
    });
    summary.appendChild(document.createTextNode(' '));
    summary.appendChild(el('span', 'muted', '(' + plural(count, 'asset', 'assets') + ')'));
  }

  function renderGroup(host, group, fields, waived, open) {
    var d = el('details', 'grp');
    groupLabel(d.appendChild(el('summary')), fields, group.key, group.rows.length);
    var filled = false;
    function fill() {
      if (filled) return;
      filled = true;
      d.appendChild(groupTable(waived));
      renderRowPage(d, group.rows, 0, waived);
    }
    d.addEventListener('toggle', function () { if (d.open) fill(); });
    if (open) {
      d.open = true;
      fill();
    }
    host.appendChild(d);
  }

  function renderGroupPage(host, groups, from, fields, waived) {
    var end = Math.min(groups.length, from + GROUPS_PAGE);
    for (var i = from; i < end; i++) {
      renderGroup(host, groups[i], fields, waived, i < GROUPS_OPEN);
    }
    if (end < groups.length) {
      var more = el('button', 'more-btn',
          'Show ' + Math.min(GROUPS_PAGE, groups.length - end) + ' more groups (' +
          end + ' of ' + groups.length + ' shown)');
      more.type = 'button';
      more.addEventListener('click', function () {
        more.remove();
        renderGroupPage(host, groups, end, fields, waived);
      });
      host.appendChild(more);
    }
  }

  function groupRows(rows, fields) {
    var map = new Map();
    var cols = fields.map(function (f) { return FIELD[f]; });
    rows.forEach(function (r) {
      // Grouped fields are indices into "strings": the key is cheap.
      var k = cols.map(function (c) { return r[c]; }).join(',');
      var g = map.get(k);
      if (!g) {
        g = { key: cols.map(function (c) { return str(r[c]); }), rows: [] };
        map.set(k, g);
      }
      g.rows.push(r);
    });
    var groups = Array.from(map.values());
    groups.sort(function (a, b) {
      for (var i = 0; i < a.key.length; i++) {
        if (a.key[i] !== b.key[i]) return a.key[i] < b.key[i] ? -1 : 1;
      }
      return 0;
    });
    return groups;
  }

  function renderRows(entry) {
    var item = entry.item;
    var fields = item.groups || ['account', 'region'];
    var rows = visibleRows(item);
    var total = { offending: 0, waived: 0 };
    item.rows.forEach(function (r) { total[r[FIELD.exception] === -1 ? 'offending' : 'waived']++; });
    entry.el.querySelectorAll('.rows[data-kind]').forEach(function (host) {
      var waived = host.getAttribute('data-kind') === 'waived';
      var mine = rows.filter(function (r) { return (r[FIELD.exception] !== -1) === waived; });
      var all = total[waived ? 'waived' : 'offending'];
      var groups = groupRows(mine, fields);
      host.textContent = '';
      var note = plural(mine.length, 'asset', 'assets') + ' in ' +
          plural(groups.length, 'account/region group', 'account/region groups');
      if (mine.length !== all) note += ' (of ' + all + '; narrowed by the filters)';
      host.appendChild(el('p', 'rows-note', note + '.'));
      renderGroupPage(host, groups, 0, fields, waived);
    });
    entry.rendered = true;
  }

  list.addEventListener('toggle', function (ev) {
    var t = ev.target;
    if (!t.classList || !t.classList.contains('item') || !t.open) return;
    var entry = entries.find(function (e) { return e.el === t; });
    if (entry && !entry.rendered) renderRows(entry);
  }, true);

  // ---- sorting ---------------------------------------------------------------

  var sortKey = null, sortDir = 1;
  function sortBy(key, button) {
    if (sortKey === key) sortDir = -sortDir;
    else {
      sortKey = key;
      sortDir = button.getAttribute('data-sort-first') === 'desc' ? -1 : 1;
    }
    var order = entries.slice().sort(function (a, b) {
      var x = a.item.sort ? a.item.sort[key] : undefined;
      var y = b.item.sort ? b.item.sort[key] : undefined;
      if (x !== y) {
        if (x === undefined) return 1;
        if (y === undefined) return -1;
        return (x < y ? -1 : 1) * sortDir;
      }
      return a.index - b.index;
    });
    var frag = document.createDocumentFragment();
    order.forEach(function (e) { frag.appendChild(e.el); });
    list.appendChild(frag);
    list.querySelectorAll('.item-head button').forEach(function (b) {
      b.removeAttribute('aria-sort');
      b.textContent = b.getAttribute('data-label');
    });
    button.setAttribute('aria-sort', sortDir > 0 ? 'ascending' : 'descending');
    button.textContent = button.getAttribute('data-label') + (sortDir > 0 ? ' \u25B2' : ' \u25BC');
  }
  list.querySelectorAll('.item-head [data-sort]').forEach(function (span) {
    var b = el('button', null, span.textContent);
    b.type = 'button';
    b.setAttribute('data-label', span.textContent);
    if (span.hasAttribute('data-sort-first')) {
      b.setAttribute('data-sort-first', span.getAttribute('data-sort-first'));
    }
    b.title = 'Sort by ' + span.textContent.toLowerCase();
    var key = span.getAttribute('data-sort');
    b.addEventListener('click', function () { sortBy(key, b); });
    span.textContent = '';
    span.appendChild(b);
  });

  // ---- filter controls -------------------------------------------------------

  var filters = document.getElementById('filters');
  var text = document.getElementById('f-text');
  var selects = filters ? filters.querySelectorAll('select[data-facet]') : [];
  if (filters) filters.hidden = false;
  var timer = 0;
  if (text) {
    text.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        state.text = text.value.trim().toLowerCase();
        applyFilters();
      }, 150);
    });
  }
  selects.forEach(function (s) {
    s.addEventListener('change', function () {
      state.facets[s.getAttribute('data-facet')] = s.value;
      applyFilters();
    });
  });
  function on(id, fn) {
    var b = document.getElementById(id);
    if (b) b.addEventListener('click', fn);
  }
  on('f-reset', function () {
    if (text) text.value = '';
    selects.forEach(function (s) { s.value = ''; });
    state = { text: '', facets: {} };
    applyFilters();
  });
  on('expand-all', function () {
    entries.forEach(function (e) { if (!e.el.hidden) e.el.open = true; });
  });
  on('collapse-all', function () {
    entries.forEach(function (e) { e.el.open = false; });
  });

  // A link to an entry (#c-3) opens it.
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var t = document.getElementById(id);
    if (t && t.matches('details.item')) {
      t.hidden = false;
      t.open = true;
      t.scrollIntoView();
    }
  }
  window.addEventListener('hashchange', openTarget);

  // Printing shows the entries that are open as they are; the filters and
  // buttons are hidden by the print stylesheet.
  applyFilters();
  openTarget();
  document.documentElement.setAttribute('data-vigil-ready', '1');
})();
