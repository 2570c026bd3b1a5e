import { defineRule } from './define.js';
import { imageName, parseImageReference } from './lib/security-image-reference.js';

function isTrusted(reference: string, trusted: readonly string[]): boolean {
  const lower = reference.toLowerCase();
  return trusted.some((entry) => {
    const prefix = entry.toLowerCase().replace(/\/+$/, '');
    return (
      prefix !== '' && (lower === prefix || lower.startsWith(`${prefix}/`) || lower.startsWith(`${prefix}:`))
    );
  });
}

export const rule = defineRule({
  code: 'SS304',
  name: 'base-image-unpinned',
  severity: 'info',
  fixable: false,
  sources: ['hadolint:DL3006', 'hadolint:DL3007', 'trivy:DS001', 'checkov:CKV_DOCKER_7'],
  docs: {
    summary: 'A FROM names an image without a tag, or with `latest`.',
    whatItDoes:
      'Reports `FROM` lines whose image has no tag or the `latest` tag and no digest. Earlier stages, `scratch`, references built from unresolved ARGs, and images from the registries listed in `trusted-registries` are left alone.',
    why: 'Without a tag the build takes whatever the registry calls `latest` that day: a new Python minor, a new Debian release, different system libraries. Builds stop being reproducible and break without a change on your side. A version tag fixes the release line; a digest (`@sha256:…`) fixes the exact bytes.',
    example: {
      bad: 'FROM python',
      good: 'FROM python:3.12-slim@sha256:<digest>',
    },
    fixSafety:
      'No fix: choosing the version to pin is a decision about which Python and OS the app supports.',
  },
  check({ dockerfile, settings, report }) {
    for (const stage of dockerfile.stages) {
      if (stage.baseStageIndex !== null) continue;
      const written = stage.resolvedBaseImage.trim();
      if (written === '' || written.includes('$') || written.toLowerCase() === 'scratch') continue;
      if (isTrusted(written, settings.trustedRegistries)) continue;
      const reference = parseImageReference(written);
      if (reference.digest) continue;
      if (reference.tag !== null && reference.tag !== 'latest') continue;
      const name = imageName(reference);
      report({
        range: stage.baseRange,
        message:
          reference.tag === 'latest'
            ? `\`${written}\` follows whatever \`latest\` points to at build time: pin a version tag such as \`${name}:<version>\`, ideally with a digest (\`@sha256:…\`).`
            : `\`${written}\` has no tag, so it pulls \`latest\`: pin a version tag such as \`${name}:<version>\`, ideally with a digest (\`@sha256:…\`).`,
      });
    }
  },
});
