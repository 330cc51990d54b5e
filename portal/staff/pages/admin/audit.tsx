import type { AuditEvent } from "../../../../schema/audit.ts";
import { OPERATOR_ACTOR_ID } from "../../../../schema/constants.ts";
import { formatTime } from "../../../lang.ts";
import { STAFF_MESSAGES } from "../../messages.ts";
import { AdminFrame, type Frame } from "./frame.tsx";

export function AuditAdmin({ lang, csrf, events }: Frame & { events: AuditEvent[] }) {
  const t = STAFF_MESSAGES[lang].admin;
  return (
    <AdminFrame lang={lang} csrf={csrf} title={t.audit}>
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th>{t.when}</th>
              <th>{t.who}</th>
              <th>{t.what}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr>
                <td>{formatTime(e.createdAt, lang)}</td>
                <td>
                  {e.actorId === OPERATOR_ACTOR_ID ? <small class="muted">{t.operator} </small> : null}
                  {e.actorName}
                </td>
                <td>
                  <span class="code">{e.action}</span> {e.entityId} <small class="muted">{JSON.stringify(e.details)}</small>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </AdminFrame>
  );
}
