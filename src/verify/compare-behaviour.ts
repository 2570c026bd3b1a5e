import type { Behaviour, Difference, VerifySection } from './types.js';

const seconds = (ms: number | undefined) => (ms === undefined ? '?' : `${(ms / 1000).toFixed(1)} s`);
const mib = (bytes: number | undefined) =>
  bytes === undefined ? '?' : `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/**
 * Both start and answer their health check; time to healthy and idle memory are recorded for
 * both, not judged (a smaller image may start slower on a busy machine). "After" failing where
 * "before" answered is the difference; both failing is reported.
 */
export function compareBehaviour(before: Behaviour | null, after: Behaviour | null): VerifySection {
  const differences: Difference[] = [];
  const notes: string[] = [];
  if (before && after) {
    if (before.healthy && !after.healthy)
      differences.push({
        what: 'health',
        detail: `after did not become healthy (${after.strategy}: ${after.error ?? 'no answer'}) while before did`,
      });
    if (!before.healthy)
      notes.push(
        `before did not become healthy (${before.strategy}: ${before.error ?? 'no answer'})${after.healthy ? '; after did' : ''}`,
      );
  }
  const line = (side: string, b: Behaviour | null) =>
    b
      ? `${side}: ${b.healthy ? `healthy in ${seconds(b.timeToHealthyMs)}, idle memory ${mib(b.idleMemoryBytes)}` : 'not healthy'} (${b.strategy})`
      : `${side}: not run`;
  notes.push(line('before', before), line('after', after));
  return {
    name: 'behaviour',
    equal: before?.healthy && after?.healthy ? 'both start and answer their health check' : '',
    allowed: [],
    differences,
    notes,
  };
}
