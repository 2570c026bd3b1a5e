import { rmSync } from 'node:fs';
import { imageInspect, remove, removeImage } from '../engine/index.js';

/**
 * Everything bench creates, so it can all be removed at the end, after a failure and on
 * Ctrl-C. Image ids are removed only while no foreign tag points at them: a fully cached
 * build can produce the very image another tag already names.
 */
export class Cleanup {
  private readonly containers = new Set<string>();
  private readonly tags = new Set<string>();
  private readonly imageIds = new Set<string>();
  private readonly folders = new Set<string>();
  private done = false;

  constructor(private readonly tagPrefix: string) {}

  container(nameOrId: string): void {
    this.containers.add(nameOrId);
  }
  tag(tag: string): void {
    this.tags.add(tag);
  }
  image(id: string): void {
    this.imageIds.add(id);
  }
  folder(path: string): void {
    this.folders.add(path);
  }

  /** What `--keep` leaves behind, for the user to remove. */
  kept(): { tags: string[]; folders: string[] } {
    return { tags: [...this.tags], folders: [...this.folders] };
  }

  /** Removes everything; every step is tried even when one fails. Returns what could not be removed. */
  async run(options: { keepImages?: boolean; keepFolders?: boolean } = {}): Promise<string[]> {
    if (this.done) return [];
    this.done = true;
    const problems: string[] = [];
    const attempt = async (what: string, action: () => Promise<void> | void) => {
      try {
        await action();
      } catch (error) {
        problems.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    for (const container of this.containers) await attempt(`container ${container}`, () => remove(container));
    if (!options.keepImages) {
      for (const tag of this.tags) await attempt(`image ${tag}`, () => removeImage(tag));
      for (const id of this.imageIds) {
        await attempt(`image ${id}`, async () => {
          const details = await imageInspect(id).catch(() => undefined);
          if (!details) return;
          if (details.repoTags.every((tag) => tag.startsWith(this.tagPrefix))) await removeImage(id);
        });
      }
    }
    if (!options.keepFolders) {
      for (const folder of this.folders)
        await attempt(`folder ${folder}`, () => rmSync(folder, { recursive: true, force: true }));
    }
    return problems;
  }
}
