// Files imported by tests as data: URLs (Vite's `?inline`): photo fixtures, for example.
declare module "*?inline" {
  const url: string;
  export default url;
}
