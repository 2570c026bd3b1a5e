export interface DpkgPackage {
  name: string;
  version: string;
  /** Installed-Size is in KiB in dpkg's database. */
  installedBytes: number;
}

/** Reads the installed packages out of /var/lib/dpkg/status (RFC 822-style stanzas). */
export function parseDpkgStatus(text: string): DpkgPackage[] {
  const packages: DpkgPackage[] = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    for (const line of stanza.split('\n')) {
      const match = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
      if (match) fields.set(match[1]!.toLowerCase(), match[2]!);
    }
    const name = fields.get('package');
    const status = fields.get('status') ?? '';
    if (!name || !/\binstalled$/.test(status) || /not-installed|config-files/.test(status)) continue;
    packages.push({
      name,
      version: fields.get('version') ?? '',
      installedBytes: Number(fields.get('installed-size') ?? 0) * 1024,
    });
  }
  return packages;
}
