// Files imported by tests as data: URLs (Vite's `?inline`): photo fixtures, for example.
declare module "*?inline" {
  const url: string;
  export default url;
}

// Files found by a pattern and read as text at build time (Vite's `import.meta.glob`): a migration
// whose number changes when branches merge, for example.
interface ImportMeta {
  glob(pattern: string, options: { query: "?raw"; import: "default"; eager: true }): Record<string, string>;
}
