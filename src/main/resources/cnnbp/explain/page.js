// Draws the trace of the JSON in #trace-data (see cnnbp.explain.TraceHtml) and shows, on a click,
// how an element was computed. The expansions come from cnnbp itself: this script only prints them.
(async function () {
  'use strict';
  const packed = atob(document.getElementById('trace-data').textContent.replace(/\s+/g, ''));
  const gz = Uint8Array.from(packed, c => c.charCodeAt(0));
  const data = JSON.parse(await new Response(new Blob([gz]).stream().pipeThrough(new DecompressionStream('gzip'))).text());
  const DIGITS = data.digits;
  const BLANK = '____';
  const byName = {};
  for (const t of data.tensors) {
    byName[t.name] = t;
    t.data = t.data.map(v => v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v);
    t.cells = [];
  }
  const byBase = data.tensors.slice().sort((a, b) => a.base - b.base);

  /** The tensor that element number id belongs to. */
  function tensorOf(id) {
    let lo = 0, hi = byBase.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (byBase[mid].base <= id) lo = mid; else hi = mid - 1;
    }
    return byBase[lo];
  }

  /** As cnnbp.trace.Numbers.format: DIGITS significant digits, plain from 1e-5 to 10^DIGITS. */
  function fmt(v) {
    if (v === null || v === undefined) return BLANK;
    if (Number.isNaN(v)) return 'nan';
    if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
    if (v === 0) return '0';
    const [mant, e] = v.toExponential(DIGITS - 1).split('e');
    const exp = Number(e);
    const sign = mant.startsWith('-') ? '-' : '';
    let digits = mant.replace('-', '').replace('.', '').replace(/0+$/, '');
    if (digits === '') digits = '0';
    if (exp >= -5 && exp < DIGITS) {
      if (exp < 0) return sign + '0.' + '0'.repeat(-exp - 1) + digits;
      if (digits.length <= exp + 1) return sign + digits + '0'.repeat(exp + 1 - digits.length);
      return sign + digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1);
    }
    const m = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
    return sign + m + 'e' + (exp < 0 ? '-' : '+') + String(Math.abs(exp)).padStart(2, '0');
  }

  function index(t, flat) {
    const idx = new Array(t.shape.length);
    for (let d = t.shape.length - 1; d >= 0; d--) { idx[d] = flat % t.shape[d]; flat = Math.floor(flat / t.shape[d]); }
    return idx;
  }

  function label(t, flat) {
    return t.shape.length === 0 ? t.name : t.name + '[' + index(t, flat).join(',') + ']';
  }

  function shapeText(shape) {
    return shape.join('x');
  }

  /** A tensor as the trace lays it out: a vector as one row, then matrix by matrix. */
  function blocks(s) {
    switch (s.length) {
      case 0: return [{ label: null, offset: 0, rows: 1, cols: 1 }];
      case 1: return [{ label: null, offset: 0, rows: 1, cols: s[0] }];
      case 2: return [{ label: null, offset: 0, rows: s[0], cols: s[1] }];
      case 3: return Array.from({ length: s[0] }, (_, c) =>
        ({ label: s[0] > 1 ? 'channel ' + c : null, offset: c * s[1] * s[2], rows: s[1], cols: s[2] }));
      default: return Array.from({ length: s[0] * s[1] }, (_, fc) =>
        ({ label: s[0] * s[1] > 1 ? 'filter ' + Math.floor(fc / s[1]) + ', channel ' + fc % s[1] : null,
           offset: fc * s[2] * s[3], rows: s[2], cols: s[3] }));
    }
  }

  /** Diverging colour around 0: white to blue below, white to red above, on the scale ±span. */
  function colour(v, span) {
    if (!Number.isFinite(v)) return '#f5d000';
    const t = span > 0 ? Math.max(-1, Math.min(1, v / span)) : 0;
    const to = t >= 0 ? [178, 24, 43] : [33, 102, 172], a = Math.abs(t);
    const c = to.map(x => Math.round(255 + (x - 255) * a));
    return 'rgb(' + c.join(',') + ')';
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function drawTensor(t, head) {
    const box = el('section', 'tensor');
    box.dataset.name = t.name;
    box.dataset.shape = shapeText(t.shape);
    const h = el('div', 'head', head);
    h.appendChild(el('span', 'shape', '[' + shapeText(t.shape) + ']'));
    box.appendChild(h);
    const finite = t.data.filter(v => v !== null && Number.isFinite(v));
    const min = finite.length ? Math.min(...finite) : 0, max = finite.length ? Math.max(...finite) : 0;
    const span = Math.max(Math.abs(min), Math.abs(max));
    const scale = el('div', 'scale');
    if (t.blank) {
      scale.textContent = 'values left for you to fill in';
    } else {
      scale.appendChild(el('span', 'min', 'min ' + fmt(min)));
      const bar = el('span', 'bar');
      bar.style.background = 'linear-gradient(to right, ' + colour(min, span) + ', '
        + (min < 0 && max > 0 ? colour(0, span) + ' ' + (100 * -min / (max - min)).toFixed(1) + '%, ' : '')
        + colour(max, span) + ')';
      scale.appendChild(bar);
      scale.appendChild(el('span', 'max', 'max ' + fmt(max)));
    }
    box.appendChild(scale);
    if (t.mask) box.appendChild(el('div', 'scale', 'ringed: the maximum of a window of ' + t.maskOf));
    const numbers = t.data.length <= 100;
    const wrap = el('div', 'blocks');
    for (const b of blocks(t.shape)) {
      const block = el('div', 'block');
      if (b.label) block.appendChild(el('div', 'label', b.label));
      const grid = el('div', numbers ? 'grid' : 'grid small');
      grid.dataset.rows = b.rows;
      grid.dataset.cols = b.cols;
      const px = Math.max(3, Math.min(14, Math.floor(200 / Math.max(b.cols, b.rows))));
      grid.style.setProperty('--px', px + 'px');
      grid.style.gridTemplateColumns = 'repeat(' + b.cols + ', auto)';
      for (let k = 0; k < b.rows * b.cols; k++) {
        const flat = b.offset + k, v = t.data[flat];
        const cell = el('div', numbers ? 'cell num' : 'cell');
        cell.dataset.i = flat;
        if (t.blank) {
          cell.classList.add('blank');
          if (numbers) cell.textContent = BLANK;
          cell.title = label(t, flat) + ': left for you to fill in';
        } else {
          const c = colour(v, span);
          cell.style.background = c;
          if (numbers) {
            cell.textContent = fmt(v);
            if (span > 0 && Math.abs(v) / span > 0.55) cell.style.color = '#fff';
          }
          cell.title = label(t, flat) + ' = ' + String(v);
        }
        if (t.mask && t.mask[flat] > 0) {
          cell.classList.add('max');
          cell.title += ' · the maximum of ' + t.mask[flat] + ' window' + (t.mask[flat] > 1 ? 's' : '') + ' of ' + t.maskOf;
        }
        t.cells[flat] = cell;
        grid.appendChild(cell);
      }
      block.appendChild(grid);
      wrap.appendChild(block);
    }
    box.appendChild(wrap);
    return box;
  }

  function value(id) {
    const t = tensorOf(id);
    return t.data[id - t.base];
  }

  function factorText(f) {
    if (typeof f === 'number') return fmt(value(f));
    if (typeof f === 'string') return f;
    let k = 1;
    return f[0].replace(/%/g, () => fmt(value(f[k++])));
  }

  /** The terms with absolute element numbers: an element after one in the previous term is a difference. */
  function decode(terms) {
    let prev = [];
    return terms.map(fs => {
      const out = fs.map((f, p) => typeof f === 'number' && typeof prev[p] === 'number' ? prev[p] + f : f);
      prev = fs.map((f, p) => typeof f === 'number' ? out[p] : null);
      return out;
    });
  }

  /** As cnnbp.explain.Expansion.numbers. */
  function numbers(terms) {
    if (terms.length === 0) return '0';
    return terms.map((fs, ti) => fs.map((f, fi) => {
      const text = factorText(f);
      return text.startsWith('-') && (ti > 0 || fi > 0 || fs.length > 1) ? '(' + text + ')' : text;
    }).join('·')).join(' + ');
  }

  /** As cnnbp.explain.ExpansionText.lines. */
  function lines(t, flat) {
    const [rule, coded, note] = t.exp[flat];
    const terms = decode(coded);
    const out = [];
    if (t.blank) {
      out.push(label(t, flat) + ' = ' + rule, '  = ' + BLANK);
    } else if (rule === null) {
      out.push(label(t, flat) + ' = ' + fmt(t.data[flat]));
    } else {
      out.push(label(t, flat) + ' = ' + rule, '  = ' + numbers(terms), '  = ' + fmt(t.data[flat]));
    }
    if (note !== null) out.push('  ' + note);
    return out;
  }

  function sources(terms) {
    const ids = new Set();
    for (const fs of terms) {
      for (const f of fs) {
        if (typeof f === 'number') ids.add(f);
        else if (typeof f !== 'string') f.slice(1).forEach(id => ids.add(id));
      }
    }
    return ids;
  }

  let lit = [];
  function select(t, flat) {
    for (const c of lit) c.classList.remove('src', 'target');
    lit = [];
    const target = t.cells[flat];
    target.classList.add('target');
    lit.push(target);
    for (const id of sources(decode(t.exp[flat][1]))) {
      const s = tensorOf(id), cell = s.cells[id - s.base];
      if (cell) { cell.classList.add('src'); lit.push(cell); }
    }
    document.getElementById('explain').textContent = lines(t, flat).join('\n');
    try { history.replaceState(null, '', '#' + encodeURIComponent(label(t, flat))); } catch (e) { /* file: pages may refuse */ }
  }

  function selectByLabel(text) {
    const m = /^([^\[\]]+)(?:\[([\d,\s]*)\])?$/.exec(text.trim());
    const t = m && byName[m[1]];
    if (!t) return;
    const idx = m[2] ? m[2].split(',').map(Number) : [];
    if (idx.length !== t.shape.length || idx.some((x, d) => !(x >= 0 && x < t.shape[d]))) return;
    const flat = idx.reduce((acc, x, d) => acc * t.shape[d] + x, 0);
    select(t, flat);
    const r = t.cells[flat].getBoundingClientRect();
    if (r.top < 0 || r.bottom > window.innerHeight) t.cells[flat].scrollIntoView({ block: 'center' });
  }

  document.getElementById('title').textContent = data.title;
  document.getElementById('subtitle').textContent = data.subtitle;
  const main = document.getElementById('trace');
  for (const s of data.sections) {
    main.appendChild(el('h2', 'section', s.title));
    const flow = main.appendChild(el('div', 'flow'));
    let group = flow.appendChild(el('div', 'group'));
    let row = group.appendChild(el('div', 'row'));
    for (const e of s.entries) {
      if (e.layer) {
        group = flow.appendChild(el('div', 'group'));
        group.appendChild(el('h3', 'layer', e.layer));
        row = group.appendChild(el('div', 'row'));
      } else if (e.note) {
        group.appendChild(el('p', 'note', e.note));
      } else {
        row.appendChild(drawTensor(byName[e.tensor], e.head));
      }
    }
  }
  main.addEventListener('click', ev => {
    const cell = ev.target.closest('.cell');
    if (!cell) return;
    select(byName[cell.closest('.tensor').dataset.name], Number(cell.dataset.i));
  });
  if (location.hash.length > 1) selectByLabel(decodeURIComponent(location.hash.slice(1)));
  document.body.dataset.ready = 'true';
})();
