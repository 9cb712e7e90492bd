// Turns terminal output into runs of plain text with CSS class names. SGR colour and weight codes
// become classes; every other escape sequence (cursor moves, titles, erase line, …) is removed so
// none of it reaches the page. The result is only ever put into text nodes.

const ESC = '\x1b';

/** State of the "graphic rendition" carried from one chunk to the next. */
function plainStyle() {
  return { fg: null, bg: null, bold: false, dim: false, italic: false, underline: false };
}

function classesOf(style) {
  const names = [];
  if (style.fg !== null) names.push(`ansi-fg-${style.fg}`);
  if (style.bg !== null) names.push(`ansi-bg-${style.bg}`);
  if (style.bold) names.push('ansi-bold');
  if (style.dim) names.push('ansi-dim');
  if (style.italic) names.push('ansi-italic');
  if (style.underline) names.push('ansi-underline');
  return names.join(' ');
}

/** Applies the numbers of one `ESC [ … m` sequence to the style. Unknown codes are ignored. */
function applySgr(style, paramText) {
  const codes = paramText === '' ? [0] : paramText.split(/[;:]/).map((p) => (p === '' ? 0 : Number(p)));
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c === 0) Object.assign(style, plainStyle());
    else if (c === 1) style.bold = true;
    else if (c === 2) style.dim = true;
    else if (c === 3) style.italic = true;
    else if (c === 4) style.underline = true;
    else if (c === 22) { style.bold = false; style.dim = false; }
    else if (c === 23) style.italic = false;
    else if (c === 24) style.underline = false;
    else if (c >= 30 && c <= 37) style.fg = c - 30;
    else if (c === 39) style.fg = null;
    else if (c >= 40 && c <= 47) style.bg = c - 40;
    else if (c === 49) style.bg = null;
    else if (c >= 90 && c <= 97) style.fg = c - 90 + 8;
    else if (c >= 100 && c <= 107) style.bg = c - 100 + 8;
    else if (c === 38 || c === 48) {
      // Extended colours: 5;N (palette) or 2;R;G;B. Only the 16 basic palette entries have classes.
      const mode = codes[i + 1];
      if (mode === 5) {
        const n = codes[i + 2];
        if (n >= 0 && n < 16) style[c === 38 ? 'fg' : 'bg'] = n;
        i += 2;
      } else if (mode === 2) {
        i += 4;
      }
    }
  }
}

/**
 * Finds where the escape sequence starting at `start` (an ESC) ends.
 * Returns { end, sgr } with `end` the index after it, `sgr` the parameters when it is an SGR,
 * or null when the text stops before the sequence does.
 */
function scanEscape(text, start) {
  if (start + 1 >= text.length) return null;
  const kind = text[start + 1];
  if (kind === '[') {
    // CSI: parameter bytes 0x30–0x3F, intermediate bytes 0x20–0x2F, one final byte 0x40–0x7E.
    let i = start + 2;
    while (i < text.length) {
      const code = text.charCodeAt(i);
      if (code >= 0x40 && code <= 0x7e) {
        const sgr = text[i] === 'm' ? text.slice(start + 2, i) : null;
        return { end: i + 1, sgr: sgr !== null && /^[0-9;:]*$/.test(sgr) ? sgr : null };
      }
      if (code < 0x20 || code > 0x3f) return { end: i, sgr: null }; // malformed: drop what we have
      i++;
    }
    return null;
  }
  if (kind === ']' || kind === 'P' || kind === '_' || kind === '^' || kind === 'X') {
    // OSC and other strings: end at BEL or ESC \.
    for (let i = start + 2; i < text.length; i++) {
      if (text[i] === '\x07') return { end: i + 1, sgr: null };
      if (text[i] === ESC) {
        if (i + 1 >= text.length) return null;
        if (text[i + 1] === '\\') return { end: i + 2, sgr: null };
      }
    }
    return null;
  }
  // Two- or three-byte escapes such as ESC ( B or ESC =: intermediates 0x20–0x2F then a final byte.
  let i = start + 1;
  while (i < text.length && text.charCodeAt(i) >= 0x20 && text.charCodeAt(i) <= 0x2f) i++;
  if (i >= text.length) return null;
  return { end: i + 1, sgr: null };
}

// Control characters other than tab, newline and ESC (which is handled above) are removed.
// A carriage return that ends a line is dropped; a lone one (progress bars) stays, for the output view to go back
// to the start of the line with it.
const CONTROLS = /\r\n|[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f]/g;

function cleanControls(text) {
  return text.replace(CONTROLS, (m) => (m === '\r\n' ? '\n' : m === '\r' ? '\r' : ''));
}

/** Turns a stream of chunks into styled runs; one parser per output stream. */
export class AnsiParser {
  constructor() {
    this.style = plainStyle();
    this.carry = '';
  }

  /** Returns [{ text, className }] for the chunk; an unfinished escape at its end waits for the next. */
  feed(chunk) {
    let text = this.carry + chunk;
    this.carry = '';
    // A chunk that ends in CR may be the first half of CR LF.
    if (text.endsWith('\r')) {
      this.carry = '\r';
      text = text.slice(0, -1);
    }
    const runs = [];
    let from = 0;
    let at = text.indexOf(ESC);
    while (at !== -1) {
      if (at > from) this.push(runs, text.slice(from, at));
      const seq = scanEscape(text, at);
      if (seq === null) {
        this.carry = text.slice(at) + this.carry;
        // Never hold on to an endless unterminated string: give up on it after a while.
        if (this.carry.length > 4096) this.carry = '';
        return runs;
      }
      if (seq.sgr !== null) applySgr(this.style, seq.sgr);
      from = seq.end;
      at = text.indexOf(ESC, from);
    }
    if (from < text.length) this.push(runs, text.slice(from));
    return runs;
  }

  /** Forgets colour and any half-read sequence, e.g. when output is dropped in the middle. */
  reset() {
    this.style = plainStyle();
    this.carry = '';
  }

  push(runs, raw) {
    const text = cleanControls(raw);
    if (text === '') return;
    const className = classesOf(this.style);
    const last = runs[runs.length - 1];
    if (last && last.className === className) last.text += text;
    else runs.push({ text, className });
  }
}
