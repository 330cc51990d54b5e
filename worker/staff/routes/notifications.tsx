import type { Context, Hono } from "hono";
import { STAFF_MESSAGES } from "../../../portal/staff/messages.ts";
import { NotificationsAdmin } from "../../../portal/staff/pages/admin/notifications.tsx";
import { refusalText } from "../../../portal/staff/refusal.ts";
import {
  NOTIFICATION_CHANNELS,
  NOTIFICATION_STATUSES,
  type NotificationChannel,
  type NotificationStatus,
} from "../../../schema/notification.ts";
import { areaTree } from "../../directory/areas.ts";
import { DomainError } from "../../domain-error.ts";
import type { AppEnv } from "../../env.ts";
import { dailyCounts, listNotifications } from "../../notify/delivery-log.ts";
import { listAreaGroups, setAreaGroup } from "../../notify/groups.ts";
import { formText, readForm } from "../../pages/form.ts";
import { renderPage } from "../../pages/render.ts";
import { auditEntry } from "../admin/audit.ts";

type Flash = { kind: "ok" | "alert"; text: string };

const oneOf = <T extends string>(list: readonly T[], value: string | undefined): T | undefined =>
  list.includes(value as T) ? (value as T) : undefined;

async function notificationsPage(c: Context<AppEnv>, flash?: Flash, status: 200 | 400 = 200) {
  const db = c.get("db");
  const filter = {
    status: oneOf<NotificationStatus>(NOTIFICATION_STATUSES, c.req.query("status")),
    channel: oneOf<NotificationChannel>(NOTIFICATION_CHANNELS, c.req.query("channel")),
  };
  const cursor = c.req.query("cursor");
  let page: Awaited<ReturnType<typeof listNotifications>>;
  try {
    page = await listNotifications(db, { ...filter, cursor });
  } catch (error) {
    // A cursor that was not ours: the first page, rather than an error page.
    if (!(error instanceof DomainError)) throw error;
    page = await listNotifications(db, filter);
  }
  const [groups, areas, counts] = await Promise.all([
    listAreaGroups(db),
    areaTree(db, { levels: ["district", "street", "community", "grid"] }),
    dailyCounts(db, new Date()),
  ]);
  const view = (
    <NotificationsAdmin
      lang={c.get("lang")}
      csrf={c.get("csrf")}
      {...(flash ? { flash } : {})}
      rows={page.items}
      nextCursor={page.next_cursor}
      filter={filter}
      counts={counts}
      groups={groups}
      areas={areas}
    />
  );
  return renderPage(c, view, { status });
}

/** The delivery log and the areas' group robots, inside the admin pages (their session, CSRF and admins-only checks). */
export function notificationAdmin(app: Hono<AppEnv>) {
  app.get("/staff/admin/notifications", (c) => notificationsPage(c));
  app.post("/staff/admin/notifications/groups", async (c) => {
    const lang = c.get("lang");
    const t = STAFF_MESSAGES[lang].notify;
    const body = await readForm(c);
    const { config } = c.get("services");
    const db = c.get("db");
    const url = formText(body, "url");
    try {
      const done = await setAreaGroup(
        db,
        config.keys,
        { areaId: formText(body, "area"), url },
        {
          development: config.development,
          now: new Date(),
          extras: () => [auditEntry(db, c.get("staff"), url.trim() ? "notify_group.set" : "notify_group.remove", formText(body, "area"))],
        },
      );
      return notificationsPage(c, { kind: "ok", text: (done.removed ? t.groupRemoved : t.groupSaved).replace("{area}", done.area.name) });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return notificationsPage(c, { kind: "alert", text: refusalText(error, lang) }, 400);
    }
  });
}
