/**
 * `read`, answered once per key: facts about a parsed model (a Dockerfile, a stage, an
 * instruction, a command) that several rules or steps ask. The model is not changed after
 * parse, and a re-parse (a fix, the language server) makes new objects, which get fresh
 * answers. Callers share the answer, so they must not change it.
 */
export function readOnce<K extends object, V>(read: (key: K) => V): (key: K) => V {
  const answers = new WeakMap<K, V>();
  return (key) => {
    // One lookup for the usual hit; `has` only for an answer that is itself undefined.
    const known = answers.get(key);
    if (known !== undefined || answers.has(key)) return known as V;
    const answer = read(key);
    answers.set(key, answer);
    return answer;
  };
}
