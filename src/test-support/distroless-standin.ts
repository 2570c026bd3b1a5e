import { execFileSync } from 'node:child_process';
import { DISTROLESS } from '../optimize/distroless.js';

/**
 * No registry is reachable here, so the distroless variant's end-to-end tests run on a local
 * stand-in for gcr.io/distroless/python3-debian13:nonroot, made the way that image is made:
 * Debian 13's python3.13 packages at /usr/bin, the `nonroot` account (65532), the interpreter as
 * ENTRYPOINT — and then no shell and no other program in /usr/bin or /usr/sbin. It differs from
 * the real image in carrying dpkg's and apt's data files and a few more libraries; it is built
 * only when the tag is absent, so a real image is never replaced.
 */
const STANDIN_DOCKERFILE = `FROM ${DISTROLESS.builderImage} AS rootfs
RUN apt-get update \\
    && apt-get install -y --no-install-recommends python3.13 python3.13-venv ca-certificates tzdata netbase \\
    && ln -sf python3.13 /usr/bin/python3 && ln -sf python3.13 /usr/bin/python \\
    && echo 'nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin' >> /etc/passwd \\
    && echo 'nonroot:x:65532:' >> /etc/group \\
    && mkdir -p /home/nonroot && chown 65532:65532 /home/nonroot \\
    && rm -rf /var/lib/apt/lists/* /var/cache/apt/*
RUN ["/usr/bin/python3.13", "-c", "import os\\nfor d in ('/usr/bin', '/usr/sbin'):\\n    for n in os.listdir(d):\\n        if not n.startswith('python'):\\n            os.remove(os.path.join(d, n))"]
FROM scratch
COPY --from=rootfs / /
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8
USER 65532:65532
WORKDIR /home/nonroot
ENTRYPOINT ["/usr/bin/python3.13"]
LABEL dev.standin=true dev.shipshape.standin=distroless
`;

function haveImage(tag: string): boolean {
  try {
    execFileSync('docker', ['image', 'inspect', tag], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** Makes sure the distroless image tag exists locally (building the stand-in if needed). */
export function ensureDistrolessStandin(): void {
  if (haveImage(DISTROLESS.image)) return;
  execFileSync('docker', ['build', '-q', '-t', DISTROLESS.image, '-'], {
    input: STANDIN_DOCKERFILE,
    stdio: ['pipe', 'pipe', 'pipe'],
    timeout: 600_000,
  });
}
