const SECRET_KEY =
  /(pass(word|wd)?|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential|auth)/i;

export function isSecretName(name: string): boolean {
  return SECRET_KEY.test(name);
}

/** "KEY=value" → "KEY=****" when KEY looks like a secret; other text is returned unchanged. */
export function maskEnv(assignment: string): string {
  const equals = assignment.indexOf('=');
  if (equals < 0) return assignment;
  const name = assignment.slice(0, equals);
  return isSecretName(name) && equals < assignment.length - 1 ? `${name}=****` : assignment;
}

/**
 * History lines repeat ENV/ARG values ("ENV API_TOKEN=abc", "|1 DB_PASSWORD=x /bin/sh -c …").
 * Every secret-looking NAME=value inside them is masked before any reporter sees it.
 */
export function maskSecretsInText(text: string): string {
  return text.replace(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|\S+)/g, (whole, name: string) =>
    isSecretName(name) ? `${name}=****` : whole,
  );
}
