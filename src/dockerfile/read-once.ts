/**
 * `read`, answered once per key: facts about a parsed model (a Dockerfile, a stage, an
 * instruction, a command) that several rules or steps ask. The model is not changed after
 * parse, and a re-parse (a fix, the language server) makes new objects, which get fresh
 * answers. Callers share the answer, so they must not change it.
 *
 * The answers live on the key itself, in a hidden property, not in a WeakMap: V8's young
 * generation collector keeps every WeakMap value alive (and with it the whole model the value
 * points back to), so each parsed model was moved to the old generation, and collecting it
 * there took a quarter of lint's CPU. On the key, an answer dies with its model.
 */
const ANSWERS = Symbol('shipshape.readOnce');

interface Answered {
  [ANSWERS]?: Map<unknown, unknown>;
}

/** Where a frozen key's answers go: it can take no property. */
const frozenKeys = new WeakMap<object, Map<unknown, unknown>>();

function answersOf(key: object): Map<unknown, unknown> {
  let answers = (key as Answered)[ANSWERS];
  if (answers !== undefined) return answers;
  answers = new Map();
  if (Object.isExtensible(key)) {
    // Not enumerable: the model's JSON, spread copies and equality checks do not see it.
    Object.defineProperty(key, ANSWERS, { value: answers });
    return answers;
  }
  const known = frozenKeys.get(key);
  if (known) return known;
  frozenKeys.set(key, answers);
  return answers;
}

export function readOnce<K extends object, V>(read: (key: K) => V): (key: K) => V {
  return function answer(key) {
    const answers = answersOf(key);
    // One lookup for the usual hit; `has` only for an answer that is itself undefined.
    const known = answers.get(answer);
    if (known !== undefined || answers.has(answer)) return known as V;
    const value = read(key);
    answers.set(answer, value);
    return value;
  };
}

/**
 * `read`, answered once per key for the context it was last asked with: a fact that also
 * depends on something beside the model (the project a Dockerfile is linted in). Asked with
 * another context, it reads again and keeps that answer instead.
 */
export function readOnceWith<K extends object, C, V>(
  read: (key: K, context: C) => V,
): (key: K, context: C) => V {
  return function answer(key, context) {
    const answers = answersOf(key);
    const known = answers.get(answer) as { context: C; value: V } | undefined;
    if (known !== undefined && known.context === context) return known.value;
    const value = read(key, context);
    answers.set(answer, { context, value });
    return value;
  };
}
