import type { Assignment, ShellCommand, Word } from '../dockerfile/model.js';
import type { Range } from '../types.js';
import { defineRule } from './define.js';
import { baseName, commandsOf } from './lib/commands.js';

/** curl short options that take a value: in `-Hk` the `k` is part of the header, not `--insecure`. */
const CURL_VALUE_OPTIONS = new Set('oOHdDuUXAebcCEFKmrTwxyYzPQt'.split(''));

function curlInsecure(arg: string): boolean {
  if (arg === '--insecure' || arg === '--proxy-insecure') return true;
  if (!/^-[a-zA-Z]+$/.test(arg)) return false;
  for (const letter of arg.slice(1)) {
    if (letter === 'k') return true;
    if (CURL_VALUE_OPTIONS.has(letter)) return false;
  }
  return false;
}

/** The first argument whose value passes `test`: a plain loop, no closure per command. */
function firstArg(args: readonly Word[], test: (value: string) => boolean): Word | undefined {
  for (const arg of args) if (test(arg.value)) return arg;
  return undefined;
}

function isNoCheckCertificate(value: string): boolean {
  return value === '--no-check-certificate';
}

function isTrustedHostOption(value: string): boolean {
  return (
    value === '--trusted-host' ||
    value.startsWith('--trusted-host=') ||
    value === '--allow-insecure-host' ||
    value.startsWith('--allow-insecure-host=')
  );
}

function isAptInsecureOption(value: string): boolean {
  return (
    /Verify-(Peer|Host)=?"?(false|0|no)/i.test(value) ||
    /AllowInsecureRepositories=?"?(true|1|yes)/i.test(value) ||
    value === '--allow-unauthenticated'
  );
}

const SSL_VERIFY_OFF = /^http\.sslverify=(false|0|no|off)$/i;
const SSL_VERIFY = /^http\.sslverify$/i;
const OFF = /^(false|0|no|off)$/i;

/** The argument that turns verification off, with what to say about it; null when none does. */
function insecureArgument(command: ShellCommand): { word: Word; what: string } | null {
  const name = baseName(command);
  const args = command.args;
  if (name === 'curl') {
    const word = firstArg(args, curlInsecure);
    return word ? { word, what: `curl \`${word.value}\` skips certificate checks` } : null;
  }
  if (name === 'wget') {
    const word = firstArg(args, isNoCheckCertificate);
    return word ? { word, what: 'wget `--no-check-certificate` skips certificate checks' } : null;
  }
  const trusted = firstArg(args, isTrustedHostOption);
  if (trusted)
    return {
      word: trusted,
      what: `\`${trusted.value.split('=')[0]}\` lets the installer take packages over unverified connections`,
    };
  // `pip config set global.trusted-host …`: a `trusted-host` key after a `config` word.
  let configSeen = false;
  for (const arg of args) {
    const v = arg.value;
    if (configSeen && v.endsWith('trusted-host') && /(^|\.)trusted-host$/.test(v))
      return {
        word: arg,
        what: '`trusted-host` in the pip config lets pip take packages over unverified connections',
      };
    if (v === 'config') configSeen = true;
  }
  if (name === 'git') {
    for (let i = 0; i < args.length; i++) {
      const v = args[i]!.value;
      if (SSL_VERIFY_OFF.test(v) || (SSL_VERIFY.test(v) && OFF.test(args[i + 1]?.value ?? '')))
        return { word: args[i]!, what: 'git `http.sslVerify` off skips certificate checks' };
    }
    return null;
  }
  if (name !== 'apt-get' && name !== 'apt') return null;
  const apt = firstArg(args, isAptInsecureOption);
  if (apt) return { word: apt, what: `apt \`${apt.value}\` accepts unverified packages` };
  return null;
}

const TRUTHY = /^(1|true|yes|on)$/i;

/** The names `insecureVariable` reads: every other assignment is answered without trimming its value. */
const INSECURE_VARIABLES = new Set([
  'PIP_TRUSTED_HOST',
  'UV_INSECURE_HOST',
  'GIT_SSL_NO_VERIFY',
  'PYTHONHTTPSVERIFY',
  'NODE_TLS_REJECT_UNAUTHORIZED',
  'CURL_INSECURE',
  'UV_NATIVE_TLS_INSECURE',
]);

/** Environment settings that switch verification off for every later command. */
function insecureVariable(assignment: Assignment): string | null {
  if (!INSECURE_VARIABLES.has(assignment.name)) return null;
  const value = (assignment.value ?? '').trim();
  switch (assignment.name) {
    case 'PIP_TRUSTED_HOST':
    case 'UV_INSECURE_HOST':
      return value !== ''
        ? `\`${assignment.name}\` lets the installer take packages over unverified connections`
        : null;
    case 'GIT_SSL_NO_VERIFY':
      return value !== '' ? '`GIT_SSL_NO_VERIFY` makes git skip certificate checks' : null;
    case 'PYTHONHTTPSVERIFY':
      return value === '0' ? '`PYTHONHTTPSVERIFY=0` makes Python skip certificate checks' : null;
    case 'NODE_TLS_REJECT_UNAUTHORIZED':
      return value === '0' ? '`NODE_TLS_REJECT_UNAUTHORIZED=0` makes Node skip certificate checks' : null;
    case 'CURL_INSECURE':
    case 'UV_NATIVE_TLS_INSECURE':
      return TRUTHY.test(value) ? `\`${assignment.name}\` skips certificate checks` : null;
    default:
      return null;
  }
}

const ADVICE =
  'keep verification on and trust a private CA by adding it to the image (`update-ca-certificates`, `PIP_CERT`, `SSL_CERT_FILE`).';

export const rule = defineRule({
  code: 'SS307',
  name: 'tls-verification-disabled',
  severity: 'warning',
  fixable: false,
  sources: ['sonar:docker:S4830'],
  docs: {
    summary: 'A download or package install turns TLS certificate checks off.',
    whatItDoes:
      'Reports `pip --trusted-host`, `pip config set global.trusted-host`, uv `--allow-insecure-host`, `curl -k`/`--insecure`, `wget --no-check-certificate`, git `http.sslVerify=false`, apt options that accept unverified packages, and the variables `PIP_TRUSTED_HOST`, `UV_INSECURE_HOST`, `GIT_SSL_NO_VERIFY`, `PYTHONHTTPSVERIFY=0`, `NODE_TLS_REJECT_UNAUTHORIZED=0` in ENV, ARG or a command prefix.',
    why: 'Without certificate checks anyone on the network path — a proxy, a hijacked DNS entry, a hostile Wi-Fi — can serve a different package or script, and it is built into the image without a trace. Set as ENV, the setting also stays on for the running container.',
    example: {
      bad: 'RUN pip install --trusted-host pypi.internal -r requirements.txt',
      good: 'COPY internal-ca.crt /usr/local/share/ca-certificates/\nRUN update-ca-certificates && PIP_CERT=/etc/ssl/certs/ca-certificates.crt pip install -r requirements.txt',
    },
    fixSafety: 'No fix: removing the flag breaks the build until the private CA is trusted.',
  },
  check({ dockerfile, report }) {
    // A wrapped command (`timeout 600 pip …`) shares its wrapper's words and the variables the
    // wrapper keeps: each is reported once, where it is written (offsets are the file's).
    let reported: Set<number> | null = null;
    const reportOnce = (range: Range, what: string) => {
      reported ??= new Set();
      if (reported.has(range.start.offset)) return;
      reported.add(range.start.offset);
      report({ range, message: `${what}: ${ADVICE}` });
    };
    for (const instruction of dockerfile.instructions) {
      const target = instruction.trigger ?? instruction;
      if (target.keyword === 'ENV' || target.keyword === 'ARG') {
        for (const assignment of target.assignments) {
          const what = insecureVariable(assignment);
          if (what) report({ range: assignment.range, message: `${what}: ${ADVICE}` });
        }
        continue;
      }
      for (const command of commandsOf(instruction)) {
        for (const assignment of command.assignments) {
          const what = insecureVariable(assignment);
          if (what) reportOnce(assignment.range, what);
        }
        const hit = insecureArgument(command);
        if (hit) reportOnce(hit.word.range, hit.what);
      }
    }
  },
});
