import { describe, expect, it } from 'vitest';
import { InstructionWords, lexDockerfile } from './lexer.js';
import { readHeredocs } from './lexer-heredocs.js';
import { readProperties } from './lexer-properties.js';

const slices = (text: string) => {
  const lexed = lexDockerfile(text);
  return lexed.instructions.map((instruction) => text.slice(instruction.start, instruction.end));
};

const words = (text: string, index = 0) => {
  const lexed = lexDockerfile(text);
  return new InstructionWords(lexed.lex, lexed.instructions[index]!).arguments().map((word) => word.value);
};

describe('instruction lexer', () => {
  it('ends an instruction at the first line break not escaped; comment and empty lines inside stay in it', () => {
    const text =
      'FROM python:3.12\nRUN apt-get update \\\n    # tools\n\n    && apt-get install -y gcc\nUSER app\n';
    expect(slices(text)).toEqual([
      'FROM python:3.12',
      'RUN apt-get update \\\n    # tools\n\n    && apt-get install -y gcc',
      'USER app',
    ]);
    expect(words(text, 1)).toEqual(['apt-get', 'update', '&&', 'apt-get', 'install', '-y', 'gcc']);
    expect(lexDockerfile(text).comments.map((comment) => comment.content)).toEqual(['tools']);
  });

  it('carries RUN, COPY and ADD on to the heredoc delimiter lines', () => {
    const text = 'FROM a\nRUN <<EOF1 cat && <<-"EOF2" cat\nx\nEOF1\n\ty\n\tEOF2\nCMD ["x"]\n';
    const lexed = lexDockerfile(text);
    const run = lexed.instructions[1]!;
    expect(text.slice(run.start, run.end)).toBe('RUN <<EOF1 cat && <<-"EOF2" cat\nx\nEOF1\n\ty\n\tEOF2');
    const heredocs = readHeredocs(
      lexed.lex,
      run.start,
      run.end,
      new InstructionWords(lexed.lex, run).arguments(),
    );
    expect(
      heredocs.map((heredoc) => [heredoc.name, text.slice(heredoc.contentStart, heredoc.contentEnd)]),
    ).toEqual([
      ['EOF1', 'x'],
      ['EOF2', '\ty'],
    ]);
    expect(text.slice(heredocs[1]!.delimiterStart, heredocs[1]!.delimiterEnd)).toBe('EOF2');
    expect(lexed.instructions[2]!.keyword).toBe('CMD');
  });

  it('follows the escape directive', () => {
    const text = '# escape=`\nFROM a\nRUN echo a `\n  b\n';
    expect(slices(text)).toEqual(['FROM a', 'RUN echo a `\n  b']);
    expect(lexDockerfile(text).comments).toEqual([]);
  });

  it('joins a keyword split by a continuation and keeps its casing', () => {
    const lexed = lexDockerfile('ru\\\nn echo hi\n');
    expect(lexed.instructions.map((i) => [i.keywordText, i.keyword])).toEqual([['run', 'RUN']]);
  });

  it('shows RUN, COPY and ADD words without their flags, FROM and HEALTHCHECK with them', () => {
    expect(words('COPY --chown=app --from=build /src /dst\n')).toEqual(['/src', '/dst']);
    expect(words('FROM --platform=$P python AS b\n')).toEqual(['--platform=$P', 'python', 'AS', 'b']);
  });

  it('reads ENV and LABEL properties, modern and legacy', () => {
    const text = 'ENV A=1 B="two words" \\\n    C=\'3\'\nENV LEGACY a b c\n';
    const lexed = lexDockerfile(text);
    const read = (index: number) => {
      const instruction = lexed.instructions[index]!;
      return readProperties(lexed.lex, instruction.start, instruction.keywordEnd, instruction.end).map(
        (p) => [p.name, p.value],
      );
    };
    expect(read(0)).toEqual([
      ['A', '1'],
      ['B', 'two words'],
      ['C', '3'],
    ]);
    expect(read(1)).toEqual([['LEGACY', 'a b c']]);
  });

  it('keeps the offsets of CRLF text on the carriage return, never between it and the line feed', () => {
    const text = 'FROM a\r\nRUN x \\\r\n  y\r\n';
    expect(slices(text)).toEqual(['FROM a', 'RUN x \\\r\n  y']);
  });
});
