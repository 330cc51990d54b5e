import type { Context } from "hono";
import { toContactJson } from "../../../schema/api/contact.ts";
import type { Contact } from "../../../schema/contact.ts";
import { createContact, listContacts, updateContact } from "../../directory/contacts.ts";
import type { AppRouteHandler } from "../../router.ts";
import { etagOf, ifMatchRevision } from "../revision-headers.ts";
import type { CreateRoute, DeactivateRoute, ListRoute, UpdateRoute } from "./routes.ts";

/** The contact as JSON, with its revision as the ETag. */
function contactResponse<S extends 200 | 201>(c: Context, row: Contact, status: S) {
  c.header("ETag", etagOf(row.revision));
  return c.json(toContactJson(row), status);
}

export const list: AppRouteHandler<ListRoute> = async (c) => {
  const page = await listContacts(c.get("db"), c.req.valid("query"));
  return c.json({ items: page.items.map(toContactJson), next_cursor: page.next_cursor }, 200);
};

export const create: AppRouteHandler<CreateRoute> = async (c) => {
  const body = c.req.valid("json");
  const row = await createContact(c.get("db"), {
    areaId: body.area_id,
    role: body.role,
    name: body.name,
    organization: body.organization ?? null,
    phone: body.phone,
    departmentId: body.department_id ?? null,
  });
  c.header("Location", `/api/v1/contacts/${row.id}`);
  return contactResponse(c, row, 201);
};

export const update: AppRouteHandler<UpdateRoute> = async (c) => {
  const body = c.req.valid("json");
  const row = await updateContact(
    c.get("db"),
    c.req.valid("param").id,
    {
      areaId: body.area_id,
      role: body.role,
      name: body.name,
      organization: body.organization,
      phone: body.phone,
      departmentId: body.department_id,
      active: body.active,
    },
    [],
    ifMatchRevision(c),
  );
  return contactResponse(c, row, 200);
};

export const deactivate: AppRouteHandler<DeactivateRoute> = async (c) => {
  const row = await updateContact(c.get("db"), c.req.valid("param").id, { active: false }, [], ifMatchRevision(c));
  return contactResponse(c, row, 200);
};
