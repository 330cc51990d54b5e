/**
 * The password `npm start` and `npm run selfhost` give the demo district's sign-ins, one account
 * per role (scripts/seed/demo-sign-ins.ts), and print. It is public, so only a development server
 * accepts it: a production server refuses it even where a stored hash matches (a local database
 * moved to a server, say).
 */
export const DEMO_PASSWORD = "gridstation-demo";
