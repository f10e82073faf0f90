/**
 * A small, forgiving XML reader for OCF meta-data (ra-api-1.dtd): elements, attributes in single
 * or double quotes, text, CDATA, comments, the declaration and DOCTYPE, and the five named
 * entities plus numeric references. No namespaces, no DTD expansion, no validation: agents' XML is
 * hand-written shell heredocs, so it is read leniently (an unclosed element is closed at the end;
 * a stray `</x>` is ignored) rather than rejected for a typo that Pacemaker also tolerates.
 * Kept here instead of adding an npm dependency for ~100 lines of need.
 */

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** Concatenated text directly inside this element. */
  text: string;
}

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return safeCodePoint(Number.parseInt(ref.slice(2), 16)) ?? whole;
    if (ref.startsWith('#')) return safeCodePoint(Number.parseInt(ref.slice(1), 10)) ?? whole;
    return ENTITIES[ref] ?? whole;
  });
}

function safeCodePoint(code: number): string | null {
  return Number.isFinite(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : null;
}

const ATTRIBUTE = /([A-Za-z_:][-\w:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>/=]+))/g;

function parseAttributes(source: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of source.matchAll(ATTRIBUTE)) {
    const name = match[1] as string;
    attributes[name] = decodeEntities(match[2] ?? match[3] ?? match[4] ?? '');
  }
  return attributes;
}

/** Parses a document and returns its root element, or null when there is none. */
export function parseXml(source: string): XmlElement | null {
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  const top = (): XmlElement => stack[stack.length - 1] as XmlElement;
  let i = 0;
  while (i < source.length) {
    const lt = source.indexOf('<', i);
    if (lt < 0) {
      top().text += decodeEntities(source.slice(i));
      break;
    }
    if (lt > i) top().text += decodeEntities(source.slice(i, lt));
    if (source.startsWith('<!--', lt)) {
      const end = source.indexOf('-->', lt + 4);
      i = end < 0 ? source.length : end + 3;
    } else if (source.startsWith('<![CDATA[', lt)) {
      const end = source.indexOf(']]>', lt + 9);
      top().text += source.slice(lt + 9, end < 0 ? source.length : end);
      i = end < 0 ? source.length : end + 3;
    } else if (source.startsWith('<?', lt)) {
      const end = source.indexOf('?>', lt + 2);
      i = end < 0 ? source.length : end + 2;
    } else if (source.startsWith('<!', lt)) {
      i = skipDeclaration(source, lt);
    } else {
      const end = findTagEnd(source, lt + 1);
      const body = source.slice(lt + 1, end);
      i = end + 1;
      if (body.startsWith('/')) {
        const name = body.slice(1).trim();
        const at = stack.map((e) => e.name).lastIndexOf(name);
        if (at > 0) stack.length = at;
        continue;
      }
      const selfClosing = body.endsWith('/');
      const inner = selfClosing ? body.slice(0, -1) : body;
      const nameMatch = /^[^\s/>]+/.exec(inner);
      if (!nameMatch) continue;
      const element: XmlElement = { name: nameMatch[0], attributes: parseAttributes(inner.slice(nameMatch[0].length)), children: [], text: '' };
      top().children.push(element);
      if (!selfClosing) stack.push(element);
    }
  }
  return root.children[0] ?? null;
}

/** `<!DOCTYPE x [ ... ]>`: skips a bracketed internal subset too. */
function skipDeclaration(source: string, from: number): number {
  let depth = 0;
  for (let j = from + 2; j < source.length; j++) {
    const c = source[j];
    if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '>' && depth <= 0) return j + 1;
  }
  return source.length;
}

/** The `>` that closes a tag, skipping quoted attribute values that may contain one. */
function findTagEnd(source: string, from: number): number {
  let quote: string | null = null;
  for (let j = from; j < source.length; j++) {
    const c = source[j];
    if (quote !== null) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return j;
  }
  return source.length;
}

export function childElements(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name);
}

export function firstChild(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((child) => child.name === name);
}
