/**
 * A strict little XML reader for tests: it parses a whole document into elements, refusing
 * what is not well-formed (unclosed or crossed tags, a raw `<` or `&` in text or attributes,
 * an unknown entity, duplicate attributes), and checks a tree against a reference set of
 * elements, their attributes and children.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, where: string): string {
  if (/[<]/.test(raw)) throw new Error(`raw < in ${where}`);
  return raw.replace(/&([^;]*);|&/g, (whole, entity: string | undefined) => {
    if (entity === undefined) throw new Error(`bare & in ${where}`);
    if (entity in ENTITIES) return ENTITIES[entity]!;
    const code = /^#(\d+)$/.exec(entity)?.[1] ?? /^#x([0-9a-f]+)$/i.exec(entity)?.[1];
    if (code === undefined) throw new Error(`unknown entity ${whole} in ${where}`);
    return String.fromCodePoint(entity.startsWith('#x') ? Number.parseInt(code, 16) : Number(code));
  });
}

export function parseXml(text: string): XmlElement {
  let at = 0;
  const declaration = /^<\?xml[^?]*\?>\s*/.exec(text);
  if (declaration) at = declaration[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  const tag = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*\s*=\s*"[^"]*")*)\s*(\/?)>/y;
  while (at < text.length) {
    const next = text.indexOf('<', at);
    const chunk = text.slice(at, next < 0 ? text.length : next);
    if (stack.length === 0 && chunk.trim() !== '') throw new Error('text outside the root element');
    if (stack.length > 0) stack[stack.length - 1]!.text += decode(chunk, 'text');
    if (next < 0) break;
    tag.lastIndex = next;
    const match = tag.exec(text);
    if (!match) throw new Error(`malformed tag at offset ${next}`);
    at = tag.lastIndex;
    const [, closing, name, rawAttributes, selfClosing] = match as unknown as [
      string,
      string,
      string,
      string,
      string,
    ];
    if (closing) {
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`</${name}> closes <${open?.name ?? 'nothing'}>`);
      continue;
    }
    if (root && stack.length === 0) throw new Error('a second root element');
    const attributes: Record<string, string> = {};
    for (const attribute of rawAttributes.matchAll(/([A-Za-z_][\w.-]*)\s*=\s*"([^"]*)"/g)) {
      const [, key, value] = attribute as unknown as [string, string, string];
      if (key in attributes) throw new Error(`duplicate attribute ${key} on <${name}>`);
      attributes[key] = decode(value, `${name}@${key}`);
    }
    const element: XmlElement = { name, attributes, children: [], text: '' };
    if (stack.length > 0) stack[stack.length - 1]!.children.push(element);
    else root = element;
    if (!selfClosing) stack.push(element);
  }
  if (stack.length > 0) throw new Error(`<${stack[stack.length - 1]!.name}> is never closed`);
  if (!root) throw new Error('no root element');
  return root;
}

/** Per element: the attributes it may carry, those it must, and the elements it may hold. */
export type XmlReference = Record<
  string,
  { attributes: string[]; required: string[]; children: string[]; text?: boolean }
>;

/** Every problem of `element` against the reference, as sentences (empty when it conforms). */
export function xmlProblems(element: XmlElement, reference: XmlReference, root: string): string[] {
  const problems: string[] = [];
  if (element.name !== root) problems.push(`root is <${element.name}>, expected <${root}>`);
  const visit = (node: XmlElement): void => {
    const spec = reference[node.name];
    if (!spec) {
      problems.push(`<${node.name}> is not in the reference`);
      return;
    }
    for (const key of Object.keys(node.attributes)) {
      if (!spec.attributes.includes(key)) problems.push(`<${node.name}> has unknown attribute ${key}`);
    }
    for (const key of spec.required) {
      if (!(key in node.attributes)) problems.push(`<${node.name}> lacks ${key}`);
    }
    if (!spec.text && node.text.trim() !== '') problems.push(`<${node.name}> holds text`);
    for (const child of node.children) {
      if (!spec.children.includes(child.name)) problems.push(`<${child.name}> inside <${node.name}>`);
      visit(child);
    }
  };
  visit(element);
  return problems;
}
