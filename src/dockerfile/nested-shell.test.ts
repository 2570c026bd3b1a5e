import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from './parse.js';

/** Any text handed to `sh -c` (quoted for the shell, or as a JSON string) reads without throwing, in place. */
describe('nested shell scripts on arbitrary text', () => {
  const scriptText = fc.string({
    unit: fc.constantFrom(...'ab $"\'\\|&;(){}`\n-c=/.[]#'.split('')),
    maxLength: 60,
  });

  it('keeps every nested word inside the instruction that holds it', async () => {
    await fc.assert(
      fc.asyncProperty(scriptText, async (script) => {
        const shellQuoted = `'${script.replace(/'/g, `'\\''`).replace(/\n/g, ' ')}'`;
        const text = `FROM python:3.12-slim\nRUN sh -c ${shellQuoted} && bash -lc "${script.replace(/[\\"$`\n]/g, '')}"\nCMD ["sh", "-c", ${JSON.stringify(script)}]\n`;
        const df = await parseDockerfile(text);
        for (const instruction of df.instructions) {
          const commands = [
            ...(instruction.shell?.commands ?? []),
            ...(instruction.execScript?.commands ?? []),
          ];
          for (const command of commands) {
            for (const word of [...command.args, ...command.expandedArgs]) {
              expect(word.range.start.offset).toBeGreaterThanOrEqual(instruction.range.start.offset);
              expect(word.range.end.offset).toBeLessThanOrEqual(instruction.range.end.offset);
              expect(word.range.start.offset).toBeLessThanOrEqual(word.range.end.offset);
              expect(word.text).toBe(text.slice(word.range.start.offset, word.range.end.offset));
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
