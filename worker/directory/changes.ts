// Caches of directory data (station pages) listen here; every directory write in this isolate
// announces itself, so that the isolate's own edits show at once.
const listeners = new Set<() => void>();

export function onDirectoryChange(listener: () => void) {
  listeners.add(listener);
}

export function directoryChanged() {
  for (const listener of listeners) listener();
}
