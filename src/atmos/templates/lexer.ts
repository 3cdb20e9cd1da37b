/**
 * Lexer for Go text/template source. Follows the token rules of Go's
 * text/template/parse/lex.go (delimiters, trim markers `{{- ` / ` -}}`,
 * comments, quoted/raw strings, char constants, numbers, fields and variables),
 * so the parser can reproduce Go's errors at the same positions.
 */

export type TokenType =
  | 'text'
  | 'leftDelim'
  | 'rightDelim'
  | 'space'
  | 'identifier'
  | 'field'
  | 'variable'
  | 'dot'
  | 'string'
  | 'rawString'
  | 'charConstant'
  | 'number'
  | 'complex'
  | 'bool'
  | 'nil'
  | 'pipe'
  | 'leftParen'
  | 'rightParen'
  | 'assign'
  | 'declare'
  | 'char'
  | 'keyword'
  | 'eof'
  | 'error';

export interface Token {
  type: TokenType;
  /** Source text of the token (for `error`, the message). */
  val: string;
  /** Offset in the source (UTF-16 index). */
  pos: number;
  /** 1-based line where the token starts (Go counts the line at the token's start). */
  line: number;
}

export const KEYWORDS = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'template', 'with']);

const SPACE_CHARS = ' \t\r\n';
const LEFT_COMMENT = '/*';
const RIGHT_COMMENT = '*/';

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

const ALNUM = /^[\p{L}\p{Nd}_]$/u;
function isAlphaNumeric(c: string): boolean {
  return c !== '' && ALNUM.test(c);
}

function hasLeftTrimMarker(s: string, at: number): boolean {
  return s.length - at >= 2 && s[at] === '-' && isSpace(s[at + 1]);
}

function hasRightTrimMarker(s: string, at: number): boolean {
  return s.length - at >= 2 && isSpace(s[at]) && s[at + 1] === '-';
}

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (s.charCodeAt(i) === 10) n++;
  return n;
}

/** Tokenizes the whole source. The list always ends with an `eof` or `error` token. */
export function lex(input: string, leftDelim = '{{', rightDelim = '}}'): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let start = 0;
  let line = 1;
  let startLine = 1;
  let parenDepth = 0;

  const emit = (type: TokenType, val = input.slice(start, pos)): void => {
    tokens.push({ type, val, pos: start, line: startLine });
    start = pos;
    startLine = line;
  };
  const ignore = (): void => {
    line += countNewlines(input, start, pos);
    start = pos;
    startLine = line;
  };
  const fail = (message: string): false => {
    tokens.push({ type: 'error', val: message, pos: start, line: startLine });
    return false;
  };
  /** Advances one code point; returns '' at end of input. */
  const next = (): string => {
    if (pos >= input.length) {
      pos = input.length + 1; // so backup() works at EOF like Go's
      return '';
    }
    const cp = input.codePointAt(pos)!;
    const c = String.fromCodePoint(cp);
    pos += c.length;
    if (c === '\n') line++;
    return c;
  };
  const backup = (c: string): void => {
    if (c === '') {
      pos = input.length;
      return;
    }
    pos -= c.length;
    if (c === '\n') line--;
  };
  const peek = (): string => {
    if (pos >= input.length) return '';
    return String.fromCodePoint(input.codePointAt(pos)!);
  };
  const accept = (valid: string): boolean => {
    const c = next();
    if (c !== '' && valid.includes(c)) return true;
    backup(c);
    return false;
  };
  const acceptRun = (valid: string): void => {
    for (;;) {
      const c = next();
      if (c === '' || !valid.includes(c)) {
        backup(c);
        return;
      }
    }
  };
  const atRightDelim = (): { delim: boolean; trim: boolean } => {
    if (hasRightTrimMarker(input, pos) && input.startsWith(rightDelim, pos + 2)) return { delim: true, trim: true };
    if (input.startsWith(rightDelim, pos)) return { delim: true, trim: false };
    return { delim: false, trim: false };
  };
  const atTerminator = (): boolean => {
    const c = peek();
    if (c === '' || isSpace(c)) return true;
    if ('.,|:()'.includes(c)) return true;
    return input.startsWith(rightDelim, pos);
  };
  const describeRune = (c: string): string => {
    const cp = c.codePointAt(0) ?? 0;
    const hex = cp.toString(16).toUpperCase().padStart(4, '0');
    return `U+${hex} '${c}'`;
  };

  // Text and delimiters (outside actions).
  const lexText = (): 'action' | 'done' | 'comment' => {
    const x = input.indexOf(leftDelim, pos);
    if (x >= 0) {
      if (x > pos) {
        pos = x;
        let trimLength = 0;
        const delimEnd = pos + leftDelim.length;
        if (hasLeftTrimMarker(input, delimEnd)) {
          const seg = input.slice(start, pos);
          trimLength = seg.length - trimRightSpaces(seg).length;
        }
        pos -= trimLength;
        line += countNewlines(input, start, pos);
        const val = input.slice(start, pos);
        const tok: Token = { type: 'text', val, pos: start, line: startLine };
        start = pos;
        startLine = line;
        pos += trimLength;
        ignore();
        if (val.length > 0) tokens.push(tok);
      }
      // lexLeftDelim
      pos += leftDelim.length;
      const trim = hasLeftTrimMarker(input, pos);
      const after = trim ? 2 : 0;
      if (input.startsWith(LEFT_COMMENT, pos + after)) {
        pos += after;
        ignore();
        return 'comment';
      }
      const tok: Token = { type: 'leftDelim', val: input.slice(start, pos), pos: start, line: startLine };
      pos += after;
      ignore();
      parenDepth = 0;
      tokens.push(tok);
      return 'action';
    }
    pos = input.length;
    if (pos > start) {
      line += countNewlines(input, start, pos);
      tokens.push({ type: 'text', val: input.slice(start, pos), pos: start, line: startLine });
      start = pos;
      startLine = line;
    }
    tokens.push({ type: 'eof', val: '', pos, line });
    return 'done';
  };

  const lexComment = (): boolean => {
    pos += LEFT_COMMENT.length;
    const x = input.indexOf(RIGHT_COMMENT, pos);
    if (x < 0) return fail('unclosed comment');
    pos = x + RIGHT_COMMENT.length;
    const { delim, trim } = atRightDelim();
    if (!delim) return fail('comment ends before closing delimiter');
    if (trim) pos += 2;
    pos += rightDelim.length;
    if (trim) pos += input.slice(pos).length - trimLeftSpaces(input.slice(pos)).length;
    ignore();
    return true;
  };

  const lexRightDelim = (): void => {
    const { trim } = atRightDelim();
    if (trim) {
      pos += 2;
      ignore();
    }
    pos += rightDelim.length;
    emit('rightDelim');
    if (trim) {
      pos += input.slice(pos).length - trimLeftSpaces(input.slice(pos)).length;
      ignore();
    }
  };

  const lexQuote = (quote: string, type: TokenType, unterminated: string): boolean => {
    for (;;) {
      const c = next();
      if (c === '\\') {
        const r = next();
        if (r !== '' && r !== '\n') continue;
        return fail(unterminated);
      }
      if (c === '' || c === '\n') return fail(unterminated);
      if (c === quote) break;
    }
    emit(type);
    return true;
  };

  const scanNumber = (): boolean => {
    accept('+-');
    let digits = '0123456789_';
    if (accept('0')) {
      if (accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (accept('oO')) digits = '01234567_';
      else if (accept('bB')) digits = '01_';
    }
    acceptRun(digits);
    if (accept('.')) acceptRun(digits);
    if (digits.length === 11 && accept('eE')) {
      accept('+-');
      acceptRun('0123456789_');
    }
    if (digits.length === 23 && accept('pP')) {
      accept('+-');
      acceptRun('0123456789_');
    }
    accept('i');
    if (isAlphaNumeric(peek())) {
      next();
      return false;
    }
    return true;
  };

  const lexFieldOrVariable = (type: 'field' | 'variable'): boolean => {
    if (atTerminator()) {
      emit(type === 'variable' ? 'variable' : 'dot');
      return true;
    }
    let c: string;
    for (;;) {
      c = next();
      if (!isAlphaNumeric(c)) {
        backup(c);
        break;
      }
    }
    if (!atTerminator()) return fail(`bad character ${describeRune(c)}`);
    emit(type);
    return true;
  };

  /** Scans one item inside an action; returns 'end' after the right delimiter. */
  const lexInsideAction = (): 'more' | 'end' | 'error' => {
    const { delim } = atRightDelim();
    if (delim) {
      if (parenDepth === 0) {
        lexRightDelim();
        return 'end';
      }
      fail('unclosed left paren');
      return 'error';
    }
    const c = next();
    if (c === '') {
      fail('unclosed action');
      return 'error';
    }
    if (isSpace(c)) {
      backup(c);
      let numSpaces = 0;
      while (isSpace(peek())) {
        next();
        numSpaces++;
      }
      if (hasRightTrimMarker(input, pos - 1) && input.startsWith(rightDelim, pos - 1 + 2)) {
        backup(input[pos - 1]);
        if (numSpaces === 1) {
          lexRightDelim();
          return 'end';
        }
      }
      emit('space');
      return 'more';
    }
    switch (c) {
      case '=':
        emit('assign');
        return 'more';
      case ':':
        if (next() !== '=') {
          fail('expected :=');
          return 'error';
        }
        emit('declare');
        return 'more';
      case '|':
        emit('pipe');
        return 'more';
      case '"':
        return lexQuote('"', 'string', 'unterminated quoted string') ? 'more' : 'error';
      case '`': {
        for (;;) {
          const r = next();
          if (r === '') {
            fail('unterminated raw quoted string');
            return 'error';
          }
          if (r === '`') break;
        }
        emit('rawString');
        return 'more';
      }
      case '$':
        if (atTerminator()) {
          emit('variable');
          return 'more';
        }
        return lexFieldOrVariable('variable') ? 'more' : 'error';
      case "'":
        return lexQuote("'", 'charConstant', 'unterminated character constant') ? 'more' : 'error';
      case '(':
        parenDepth++;
        emit('leftParen');
        return 'more';
      case ')':
        parenDepth--;
        if (parenDepth < 0) {
          fail('unexpected right paren');
          return 'error';
        }
        emit('rightParen');
        return 'more';
    }
    if (c === '.') {
      const r = input[pos];
      if (pos < input.length && (r < '0' || r > '9')) return lexFieldOrVariable('field') ? 'more' : 'error';
    }
    if (c === '.' || c === '+' || c === '-' || (c >= '0' && c <= '9')) {
      backup(c);
      if (!scanNumber()) {
        fail(`bad number syntax: ${goQuote(input.slice(start, pos))}`);
        return 'error';
      }
      const sign = peek();
      if (sign === '+' || sign === '-') {
        if (!scanNumber() || input[pos - 1] !== 'i') {
          fail(`bad number syntax: ${goQuote(input.slice(start, pos))}`);
          return 'error';
        }
        emit('complex');
        return 'more';
      }
      emit('number');
      return 'more';
    }
    if (isAlphaNumeric(c)) {
      let r: string;
      for (;;) {
        r = next();
        if (!isAlphaNumeric(r)) {
          backup(r);
          break;
        }
      }
      const word = input.slice(start, pos);
      if (!atTerminator()) {
        fail(`bad character ${describeRune(r)}`);
        return 'error';
      }
      if (KEYWORDS.has(word)) emit('keyword');
      else if (word === 'nil') emit('nil');
      else if (word === 'true' || word === 'false') emit('bool');
      else emit('identifier');
      return 'more';
    }
    const cp = c.codePointAt(0)!;
    if (cp <= 0x7f && cp >= 0x20 && cp !== 0x7f) {
      emit('char');
      return 'more';
    }
    fail(`unrecognized character in action: ${describeRune(c)}`);
    return 'error';
  };

  for (;;) {
    const state = lexText();
    if (state === 'done') return tokens;
    if (state === 'comment') {
      if (!lexComment()) return tokens;
      continue;
    }
    for (;;) {
      const r = lexInsideAction();
      if (r === 'error') return tokens;
      if (r === 'end') break;
    }
  }
}

function trimRightSpaces(s: string): string {
  let end = s.length;
  while (end > 0 && SPACE_CHARS.includes(s[end - 1])) end--;
  return s.slice(0, end);
}

function trimLeftSpaces(s: string): string {
  let i = 0;
  while (i < s.length && SPACE_CHARS.includes(s[i])) i++;
  return s.slice(i);
}

/** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const GO_PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** Go's strconv.Quote: escapes for controls and every non-printable rune. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\x07':
        out += '\\a';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\v':
        out += '\\v';
        continue;
    }
    if (cp < 0x20 || cp === 0x7f) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (GO_PRINTABLE.test(ch)) out += ch;
    else if (cp < 0x10000) out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += '\\U' + cp.toString(16).padStart(8, '0');
  }
  return out + '"';
}
