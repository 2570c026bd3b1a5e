/** Docker prints sizes the go-units way: decimal multiples (kB = 1000 B), e.g. `224MB`, `1.5GB`, `0B`. */
const multipliers: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

export function parseDockerSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]i?b|b)?\s*$/i.exec(text);
  if (!match) return undefined;
  const unit = (match[2] ?? 'b').toLowerCase();
  const multiplier = multipliers[unit];
  return multiplier === undefined ? undefined : Math.round(Number(match[1]) * multiplier);
}
