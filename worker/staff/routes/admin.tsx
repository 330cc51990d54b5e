import { asc, eq, like, or } from "drizzle-orm";
import { type Context, Hono } from "hono";
import type { JSX } from "hono/jsx/jsx-runtime";
import { STAFF_MESSAGES } from "../../../portal/staff/messages.ts";
import { ApiKeysAdmin } from "../../../portal/staff/pages/admin/api-keys.tsx";
import { AuditAdmin } from "../../../portal/staff/pages/admin/audit.tsx";
import { ContactsAdmin } from "../../../portal/staff/pages/admin/contacts.tsx";
import { DepartmentsAdmin } from "../../../portal/staff/pages/admin/departments.tsx";
import { AdminHome } from "../../../portal/staff/pages/admin/home.tsx";
import { StaffAdmin, type StaffChoices, StaffMemberAdmin } from "../../../portal/staff/pages/admin/staff.tsx";
import { StationAdmin, type StationDraft, StationsAdmin } from "../../../portal/staff/pages/admin/stations.tsx";
import { fieldsText, refusalText } from "../../../portal/staff/refusal.ts";
import { StaffCreateSchema } from "../../../schema/api/staff.ts";
import {
  API_SCOPES,
  type ApiScope,
  AREA_PATH_PATTERN,
  CIRCLE_ROLES,
  type CircleRole,
  STATION_SERVICES,
  type StaffRole,
  type StationService,
} from "../../../schema/constants.ts";
import { contact } from "../../../schema/contact.ts";
import { department } from "../../../schema/department.ts";
import { station } from "../../../schema/station.ts";
import { issueApiKey } from "../../auth/api-key.ts";
import type { Database } from "../../db.ts";
import { areaTree } from "../../directory/areas.ts";
import { createContact, updateContact } from "../../directory/contacts.ts";
import { createStaff } from "../../directory/staff.ts";
import { createStation, updateStation } from "../../directory/stations.ts";
import { DomainError } from "../../domain-error.ts";
import type { AppEnv } from "../../env.ts";
import { statusOf } from "../../errors.ts";
import { pageMessage } from "../../pages/errors.tsx";
import { type FormBody, formList, formText, readForm } from "../../pages/form.ts";
import { langSuffix } from "../../pages/lang.ts";
import { renderPage } from "../../pages/render.ts";
import { listApiKeys, revokeApiKey } from "../admin/api-keys.ts";
import { auditEntry, latestAudit } from "../admin/audit.ts";
import { findStaff, updateStaff } from "../admin/staff.ts";
import { notificationAdmin } from "./notifications.tsx";
import { requireCsrf, requireSession, staffRefusal } from "./session.tsx";

type Flash = { kind: "ok" | "alert"; text: string };

/** Administration is for the `admin` role only. */
async function onlyAdmins(c: Context<AppEnv>, next: () => Promise<void>) {
  if (c.get("staff").role !== "admin") {
    return staffRefusal(c, STAFF_MESSAGES[c.get("lang")].adminsOnly);
  }
  await next();
}

const frame = (c: Context<AppEnv>) => ({ lang: c.get("lang"), csrf: c.get("csrf") });

const render = (c: Context<AppEnv>, page: JSX.Element, status: 200 | 400 | 404 | 409 = 200) => renderPage(c, page, { status });

/** The revision an admin form was loaded at (its hidden field), if it carries one. */
function revisionOf(body: FormBody): number | undefined {
  const text = formText(body, "revision");
  return /^\d{1,9}$/.test(text) ? Number(text) : undefined;
}

/** The areas and departments the staff forms offer by name. */
async function staffChoices(db: Database): Promise<StaffChoices> {
  const [areas, departments] = await db.batch([
    areaTree(db),
    db.select({ id: department.id, name: department.name }).from(department).where(eq(department.active, true)).orderBy(asc(department.id)),
  ]);
  return { areas, departments };
}

/** A domain refusal as a message on the same page, in the visitor's language. */
function refusal(c: Context<AppEnv>, error: unknown): Flash {
  if (error instanceof DomainError && statusOf(error) < 500) return { kind: "alert", text: refusalText(error, c.get("lang")) };
  throw error;
}

export function adminPages() {
  const app = new Hono<AppEnv>();
  // "/staff/admin/*" also matches "/staff/admin" itself.
  app.use("/staff/admin/*", requireSession, requireCsrf, onlyAdmins);
  const done = (c: Context<AppEnv>, path: string) => c.redirect(`${path}${langSuffix(c)}`, 303);

  app.get("/staff/admin", async (c) => render(c, <AdminHome {...frame(c)} />));

  // Stations
  const stationsPage = async (c: Context<AppEnv>, flash?: Flash, status: 200 | 400 | 409 = 200) => {
    const query = (c.req.query("q") ?? "").slice(0, 50);
    const pattern = `%${query.replace(/[\\%_]/g, "")}%`;
    const stations = await c
      .get("db")
      .select()
      .from(station)
      .where(query ? or(like(station.name, pattern), like(station.code, pattern)) : undefined)
      .orderBy(asc(station.code))
      .limit(100);
    const areas = await areaTree(c.get("db"), { levels: ["district", "street", "community", "grid"] });
    return render(c, <StationsAdmin {...frame(c)} flash={flash} stations={stations} query={query} areas={areas} />, status);
  };
  app.get("/staff/admin/stations", (c) => stationsPage(c));
  app.post("/staff/admin/stations", async (c) => {
    const body = await readForm(c);
    const code = formText(body, "code").toUpperCase();
    try {
      await createStation(
        c.get("db"),
        {
          code,
          name: formText(body, "name"),
          gridId: formText(body, "grid_id"),
          address: formText(body, "address"),
          openingHours: [{ days: [1, 2, 3, 4, 5, 6, 7], opens: "08:00", closes: "20:00" }],
          services: [],
        },
        [auditEntry(c.get("db"), c.get("staff"), "station.create", code, { grid_id: formText(body, "grid_id") })],
      );
    } catch (error) {
      return stationsPage(c, refusal(c, error), 400);
    }
    return done(c, `/staff/admin/stations/${code}`);
  });
  const stationPage = async (c: Context<AppEnv>, code: string, flash?: Flash, status: 200 | 400 | 409 = 200, draft?: StationDraft) => {
    const found = await c.get("db").query.station.findFirst({ where: eq(station.code, code) });
    if (!found) return pageMessage(c, code, { status: 404, title: "404", back: "/staff/admin" });
    const contacts = await c.get("db").select().from(contact).where(eq(contact.areaId, found.gridId));
    return render(c, <StationAdmin {...frame(c)} flash={flash} station={found} contacts={contacts} draft={draft} />, status);
  };
  app.get("/staff/admin/stations/:code", (c) => stationPage(c, c.req.param("code")));
  app.post("/staff/admin/stations/:code", async (c) => {
    const code = c.req.param("code");
    const body = await readForm(c, { all: true });
    const services = formList(body, "services").filter((s): s is StationService => (STATION_SERVICES as readonly string[]).includes(s));
    const changes = { name: formText(body, "name"), address: formText(body, "address"), services, active: body.active === "true" };
    if (changes.name.length < 2 || changes.address.length < 2) return stationPage(c, code, { kind: "alert", text: "name / address" }, 400);
    try {
      await updateStation(
        c.get("db"),
        code,
        changes,
        [auditEntry(c.get("db"), c.get("staff"), "station.update", code, changes)],
        revisionOf(body),
      );
    } catch (error) {
      // Another admin saved first: the form comes back with this one's input and the latest version.
      if (error instanceof DomainError && error.code === "precondition_failed") return stationPage(c, code, undefined, 409, changes);
      return stationPage(c, code, refusal(c, error), 400);
    }
    return stationPage(c, code, { kind: "ok", text: "✓" });
  });

  // Circle contacts of an area
  const contactsPage = async (c: Context<AppEnv>, areaId: string, flash?: Flash, status: 200 | 400 | 409 = 200) => {
    const contacts = await c.get("db").select().from(contact).where(eq(contact.areaId, areaId)).orderBy(asc(contact.id));
    return render(c, <ContactsAdmin {...frame(c)} flash={flash} areaId={areaId} contacts={contacts} stale={status === 409} />, status);
  };
  app.get("/staff/admin/contacts", (c) => contactsPage(c, (c.req.query("area") ?? "xhl").slice(0, 40)));
  app.post("/staff/admin/contacts", async (c) => {
    const body = await readForm(c);
    const areaId = formText(body, "area_id");
    const role = formText(body, "role") as CircleRole;
    if (!CIRCLE_ROLES.includes(role) || !formText(body, "name") || !/^[\d+\- ]{3,20}$/.test(formText(body, "phone")))
      return contactsPage(c, areaId, { kind: "alert", text: "role / name / phone" }, 400);
    try {
      const row = await createContact(
        c.get("db"),
        {
          areaId,
          role,
          name: formText(body, "name"),
          organization: formText(body, "organization") || null,
          phone: formText(body, "phone"),
        },
        [auditEntry(c.get("db"), c.get("staff"), "contact.create", `${areaId}/${role}`, { name: formText(body, "name") })],
      );
      return contactsPage(c, areaId, { kind: "ok", text: `✓ ${row.name}` });
    } catch (error) {
      return contactsPage(c, areaId, refusal(c, error), 400);
    }
  });
  app.post("/staff/admin/contacts/:id/deactivate", async (c) => {
    const id = Number(c.req.param("id"));
    const body = await readForm(c);
    try {
      const row = await updateContact(
        c.get("db"),
        id,
        { active: false },
        [auditEntry(c.get("db"), c.get("staff"), "contact.deactivate", String(id))],
        revisionOf(body),
      );
      return contactsPage(c, row.areaId, { kind: "ok", text: "✓" });
    } catch (error) {
      if (error instanceof DomainError && error.code === "precondition_failed") {
        const current = await c.get("db").query.contact.findFirst({ where: eq(contact.id, id), columns: { areaId: true } });
        return contactsPage(c, current?.areaId ?? "xhl", undefined, 409);
      }
      return contactsPage(c, "xhl", refusal(c, error), 400);
    }
  });

  // Staff
  const staffPage = async (c: Context<AppEnv>, flash?: Flash, status: 200 | 400 | 409 = 200) => {
    const query = (c.req.query("q") ?? "").trim().slice(0, 40);
    const page = Number(c.req.query("page") ?? "1");
    const found = await findStaff(c.get("db"), query, Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1);
    const choices = await staffChoices(c.get("db"));
    return render(c, <StaffAdmin {...frame(c)} flash={flash} found={found} query={query} choices={choices} />, status);
  };
  app.get("/staff/admin/staff", (c) => staffPage(c));
  app.post("/staff/admin/staff", async (c) => {
    const body = await readForm(c);
    const parsed = StaffCreateSchema.safeParse({
      phone: formText(body, "phone"),
      name: formText(body, "name"),
      role: formText(body, "role"),
      area: formText(body, "area") || undefined,
      department_id: formText(body, "department") || undefined,
      password: typeof body.password === "string" ? body.password : "",
    });
    if (!parsed.success)
      return staffPage(
        c,
        {
          kind: "alert",
          text: fieldsText(
            parsed.error.issues.map((i) => i.path.join(".")),
            c.get("lang"),
          ),
        },
        400,
      );
    try {
      const row = await createStaff(c.get("db"), parsed.data, [
        auditEntry(c.get("db"), c.get("staff"), "staff.create", parsed.data.phone, {
          role: parsed.data.role,
          area: parsed.data.area,
          department: parsed.data.department_id,
        }),
      ]);
      return done(c, `/staff/admin/staff/${row.id}`);
    } catch (error) {
      return staffPage(c, refusal(c, error), 400);
    }
  });
  const memberPage = async (c: Context<AppEnv>, id: number, flash?: Flash, status: 200 | 400 = 200) => {
    const member = await c.get("db").query.staff.findFirst({ where: (s, { eq }) => eq(s.id, id) });
    if (!member) return pageMessage(c, String(id), { status: 404, title: "404", back: "/staff/admin" });
    return render(c, <StaffMemberAdmin {...frame(c)} flash={flash} member={member} choices={await staffChoices(c.get("db"))} />, status);
  };
  app.get("/staff/admin/staff/:id", (c) => memberPage(c, Number(c.req.param("id"))));
  app.post("/staff/admin/staff/:id", async (c) => {
    const id = Number(c.req.param("id"));
    const body = await readForm(c);
    const changes = {
      role: formText(body, "role") as StaffRole,
      area: formText(body, "area") || undefined,
      active: body.active === "true",
      password: typeof body.password === "string" && body.password !== "" ? body.password : undefined,
    };
    try {
      await updateStaff(c.get("db"), id, changes, [
        auditEntry(c.get("db"), c.get("staff"), "staff.update", String(id), {
          ...changes,
          password: changes.password ? "reset" : undefined,
        }),
      ]);
    } catch (error) {
      return memberPage(c, id, refusal(c, error), 400);
    }
    return memberPage(c, id, { kind: "ok", text: "✓" });
  });

  // Departments
  const departmentsPage = async (c: Context<AppEnv>, flash?: Flash, status: 200 | 400 = 200) =>
    render(
      c,
      <DepartmentsAdmin
        {...frame(c)}
        flash={flash}
        departments={await c.get("db").select().from(department).orderBy(asc(department.id))}
      />,
      status,
    );
  app.get("/staff/admin/departments", (c) => departmentsPage(c));
  app.post("/staff/admin/departments", async (c) => {
    const body = await readForm(c);
    const id = formText(body, "id");
    if (!/^[a-z_]{2,60}$/.test(id) || !formText(body, "name")) return departmentsPage(c, { kind: "alert", text: "id / name" }, 400);
    const exists = await c.get("db").query.department.findFirst({ where: eq(department.id, id) });
    if (exists) return departmentsPage(c, { kind: "alert", text: `${id} ∃` }, 400);
    await c.get("db").batch([
      c
        .get("db")
        .insert(department)
        .values({ id, name: formText(body, "name"), phone: formText(body, "phone") || null }),
      auditEntry(c.get("db"), c.get("staff"), "department.create", id, { name: formText(body, "name") }),
    ]);
    return departmentsPage(c, { kind: "ok", text: "✓" });
  });
  app.post("/staff/admin/departments/:id", async (c) => {
    const id = c.req.param("id");
    const body = await readForm(c);
    const changes = { name: formText(body, "name"), phone: formText(body, "phone") || null, active: body.active === "true" };
    const exists = await c.get("db").query.department.findFirst({ where: eq(department.id, id) });
    if (!exists || !changes.name) return departmentsPage(c, { kind: "alert", text: id }, 400);
    await c
      .get("db")
      .batch([
        c.get("db").update(department).set(changes).where(eq(department.id, id)),
        auditEntry(c.get("db"), c.get("staff"), "department.update", id, changes),
      ]);
    return departmentsPage(c, { kind: "ok", text: "✓" });
  });

  // API keys
  const keysPage = async (c: Context<AppEnv>, flash?: Flash, newKey?: string, status: 200 | 400 = 200) =>
    render(
      c,
      <ApiKeysAdmin
        {...frame(c)}
        flash={flash}
        keys={await listApiKeys(c.get("db"))}
        newKey={newKey}
        areas={await areaTree(c.get("db"))}
      />,
      status,
    );
  app.get("/staff/admin/api-keys", (c) => keysPage(c));
  app.post("/staff/admin/api-keys", async (c) => {
    const body = await readForm(c, { all: true });
    const name = formText(body, "name");
    const scopes = formList(body, "scopes").filter((s): s is ApiScope => (API_SCOPES as readonly string[]).includes(s));
    const area = formText(body, "area");
    if (!name || scopes.length === 0 || (area && !AREA_PATH_PATTERN.test(area)))
      return keysPage(c, { kind: "alert", text: "name / scopes / area (/xhl/…/)" }, undefined, 400);
    // The key goes to the admin's screen once; only its hash is kept.
    const { key } = await issueApiKey(c.get("db"), name, scopes, area || null, (id) => [
      auditEntry(c.get("db"), c.get("staff"), "api_key.create", id, { name, scopes, area }),
    ]);
    c.header("Cache-Control", "no-store");
    return keysPage(c, undefined, key);
  });
  app.post("/staff/admin/api-keys/:id/revoke", async (c) => {
    const id = c.req.param("id");
    try {
      await revokeApiKey(c.get("db"), id, [auditEntry(c.get("db"), c.get("staff"), "api_key.revoke", id)]);
    } catch (error) {
      return keysPage(c, refusal(c, error), undefined, 400);
    }
    return keysPage(c, { kind: "ok", text: "✓" });
  });

  app.get("/staff/admin/audit", async (c) => render(c, <AuditAdmin {...frame(c)} events={await latestAudit(c.get("db"))} />));
  notificationAdmin(app);
  return app;
}
