import { z } from "@hono/zod-openapi";

/**
 * C0 control characters but tab, line feed and carriage return, and DEL. Nobody types them; pasted
 * in, they break every XML feed (XML 1.0 cannot carry them, not even as references) and confuse
 * terminals and spreadsheets.
 */
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export const withoutControls = (text: string) => text.replace(CONTROLS, "");

/** Free text as people type it: control characters removed, then trimmed. */
export const freeText = () => z.string().overwrite(withoutControls).trim();
