// Every drizzle table, for drizzle-kit and the database handle.

export * from "./api-key.ts";
export * from "./area.ts";
export * from "./audit.ts";
export * from "./case.ts";
export * from "./contact.ts";
export * from "./department.ts";
export * from "./hsds-pairing.ts";
export * from "./notification.ts";
export * from "./photo-hold.ts";
export * from "./queue-message.ts";
export * from "./sign-in-throttle.ts";
export * from "./staff.ts";
export * from "./staff-recovery-code.ts";
export * from "./staff-session.ts";
export * from "./station.ts";
export * from "./station-page.ts";
export * from "./webhook.ts";
