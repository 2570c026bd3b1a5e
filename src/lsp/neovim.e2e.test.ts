import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { lintProject } from '../lint/index.js';
import { load } from '../project/read.js';

// Neovim's built-in LSP client, headless, talks to the built CLI (`npm run build` first).
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(repo, 'dist/cli.js');
const guideApp = path.join(repo, 'examples/guide-app');

function nvimPresent(): boolean {
  try {
    execFileSync('nvim', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// Skipped only where Neovim is absent and not required; CI sets SHIPSHAPE_REQUIRE_NVIM=1.
const run = nvimPresent() || process.env.SHIPSHAPE_REQUIRE_NVIM ? describe : describe.skip;

/** Opens the file, attaches shipshape's server, waits for diagnostics and prints them, one a line. */
const SCRIPT = `
local file = os.getenv('SHIPSHAPE_NVIM_FILE')
vim.cmd('edit ' .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local client = vim.lsp.start_client({
  name = 'shipshape',
  cmd = { 'node', os.getenv('SHIPSHAPE_CLI'), 'lsp', '--stdio' },
  root_dir = vim.fn.fnamemodify(file, ':h'),
})
vim.lsp.buf_attach_client(buf, client)
vim.wait(30000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
local lines = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or '?'
  table.insert(lines, string.format('%d:%d-%d:%d %s %s', d.lnum, d.col, d.end_lnum, d.end_col, code, d.source or '?'))
end
table.sort(lines)
local out = io.open(os.getenv('SHIPSHAPE_NVIM_OUT'), 'w')
out:write(table.concat(lines, '\\n'))
out:close()
io.stdout:write(table.concat(lines, '\\n') .. '\\n')
vim.lsp.stop_client(client)
vim.cmd('qa!')
`;

const scratch = mkdtempSync(path.join(tmpdir(), 'shipshape-nvim-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

run('Neovim’s LSP client (headless) with shipshape lsp', () => {
  it('receives the guide app’s findings with the ranges the library reports', async () => {
    const script = path.join(scratch, 'shipshape.lua');
    const out = path.join(scratch, 'diagnostics.txt');
    writeFileSync(script, SCRIPT);
    const nvim = spawnSync(
      'nvim',
      ['--headless', '-n', '-u', 'NONE', '-i', 'NONE', '-c', `luafile ${script}`],
      {
        cwd: scratch,
        encoding: 'utf8',
        timeout: 60_000,
        env: {
          ...process.env,
          SHIPSHAPE_NVIM_FILE: path.join(guideApp, 'Dockerfile'),
          SHIPSHAPE_CLI: cli,
          SHIPSHAPE_NVIM_OUT: out,
          XDG_STATE_HOME: scratch,
          XDG_DATA_HOME: scratch,
        },
      },
    );
    expect(nvim.status, `${nvim.stdout}\n${nvim.stderr}`).toBe(0);
    const received = readFileSync(out, 'utf8').split('\n').filter(Boolean);
    process.stdout.write(`Neovim received ${received.length} diagnostics:\n${received.join('\n')}\n`);

    const project = await load(guideApp);
    const findings = await lintProject(project, { dockerfile: 'Dockerfile' });
    const lines = project.dockerfile!.model.text.split('\n');
    // The server sends UTF-16 columns (LSP's default); Neovim turns them into byte columns, so a
    // line with non-ASCII text (the guide app has some) checks that conversion end to end.
    const lineStart = (line: number) => lines.slice(0, line).reduce((sum, text) => sum + text.length + 1, 0);
    const byteColumn = (line: number, offset: number) =>
      Buffer.byteLength(lines[line]!.slice(0, offset - lineStart(line)));
    const expected = findings
      .map((finding) => {
        const { start, end } = finding.range;
        const [startLine, endLine] = [start.line - 1, end.line - 1];
        return `${startLine}:${byteColumn(startLine, start.offset)}-${endLine}:${byteColumn(endLine, end.offset)} ${finding.rule} shipshape`;
      })
      .sort();
    expect(received.length).toBeGreaterThan(0);
    expect(received).toEqual(expected);
  }, 120_000);
});
