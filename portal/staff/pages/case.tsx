import { maskName, maskPhone } from "../../../schema/api/case.ts";
import type { CaseEventRow, CaseRow } from "../../../schema/case.ts";
import type { CaseAction } from "../../../schema/constants.ts";
import type { TrailEntry } from "../../../worker/cases/trail.ts";
import { formatTime, langHref, messagesFor } from "../../lang.ts";
import { type Lang, words } from "../../messages.ts";
import { SupervisedMark } from "../components/supervised-mark.tsx";
import { StaffLayout } from "../layout.tsx";
import { STAFF_MESSAGES } from "../messages.ts";

export interface CasePageProps {
  lang: Lang;
  csrf: string;
  row: CaseRow;
  events: CaseEventRow[];
  /** Each event as the resident reads it, in the same order. */
  trail: TrailEntry[];
  /** The photos residents added that are still kept (retention erases them with the reporter's data). */
  photoKeys: string[];
  allowed: CaseAction[];
  revealContact: boolean;
  candidates: { id: number; name: string; role: string }[];
  departments: { id: string; name: string }[];
  similar: { id: string; description: string }[];
  flash?: { kind: "ok" | "alert"; text: string };
}

/** One small form per action the viewer may take now; nothing else is offered. */
function ActionForm({
  lang,
  csrf,
  row,
  action,
  props,
}: {
  lang: Lang;
  csrf: string;
  row: CaseRow;
  action: CaseAction;
  props: CasePageProps;
}) {
  const t = STAFF_MESSAGES[lang];
  const label = messagesFor(lang).actions[action] ?? action;
  const text = (name: string, caption: string, required = false) => (
    <>
      <label for={`${action}-${name}`}>{caption}</label>
      <textarea id={`${action}-${name}`} name={name} required={required} minlength={required ? 2 : undefined} maxlength={2000} />
    </>
  );
  // A hand-over's or a supervisor's text is internal unless marked (the hand-over itself is on the resident's trail).
  const forResident = (
    <label class="radio">
      <input type="checkbox" name="public" value="true" /> <span>{t.showToResident}</span>
    </label>
  );
  const fields = (() => {
    switch (action) {
      case "assign":
        return (
          <>
            <label for="assign-assignee">{t.assignee}</label>
            <select id="assign-assignee" name="assignee_id" required>
              {props.candidates.map((s) => (
                <option value={String(s.id)}>{s.name}</option>
              ))}
            </select>
          </>
        );
      case "dispatch":
        return (
          <>
            <label for="dispatch-department">{t.department}</label>
            <select id="dispatch-department" name="department_id" required>
              {props.departments.map((d) => (
                <option value={d.id}>{d.name}</option>
              ))}
            </select>
            {text("note", t.note)}
            {forResident}
          </>
        );
      case "resolve":
        return text("resolution", t.resolutionText, true);
      case "return":
        return (
          <>
            {text("reason", t.reason, true)}
            {forResident}
          </>
        );
      case "reject":
        return text("reason", t.reason, true);
      case "escalate":
      case "whistle":
        return (
          <>
            {text("reason", t.reason)}
            {forResident}
          </>
        );
      case "supervise":
        return (
          <>
            {text("reason", t.supervision.reason, true)}
            {forResident}
          </>
        );
      case "lift_supervision":
        return (
          <>
            {text("reason", t.supervision.liftNote)}
            {forResident}
          </>
        );
      case "urge":
        return (
          <>
            {text("note", t.note)}
            {forResident}
          </>
        );
      case "note":
        return (
          <>
            {text("note", t.note, true)}
            <label class="radio">
              <input type="checkbox" name="public" value="true" /> <span>{t.publicNote}</span>
            </label>
          </>
        );
      case "merge":
        return (
          <>
            <label for="merge-into">{t.mergeInto}</label>
            <select id="merge-into" name="into_case_id" required>
              {props.similar.map((s) => (
                <option value={s.id}>{s.description.slice(0, 40)}</option>
              ))}
            </select>
            {text("reason", t.reason)}
          </>
        );
      case "extend":
        return row.extensionDueAt ? (
          <>
            <p>
              {t.newDue}: {formatTime(row.extensionDueAt, lang)} · {row.extensionReason}
            </p>
            <label class="radio">
              <input type="radio" name="approve" value="true" required /> <span>{t.approve}</span>
            </label>
            <label class="radio">
              <input type="radio" name="approve" value="false" /> <span>{t.decline}</span>
            </label>
            {text("reason", t.reason)}
            {forResident}
          </>
        ) : (
          <>
            <label for="extend-due">{t.newDue}</label>
            <input id="extend-due" name="due_at" type="datetime-local" required />
            {text("reason", t.reason, true)}
            {forResident}
          </>
        );
      default:
        return null;
    }
  })();
  if (action === "merge" && props.similar.length === 0) return null;
  return (
    <details class="action">
      <summary>{label}</summary>
      <form method="post" action={langHref(`/staff/cases/${row.id}/actions/${action}`, lang)}>
        <input type="hidden" name="csrf" value={csrf} />
        {fields}
        <button type="submit">{label}</button>
      </form>
    </details>
  );
}

/** `/staff/cases/{id}`: everything about the case and exactly the actions allowed now. */
export function CasePage(props: CasePageProps) {
  const { lang, csrf, row, events, allowed } = props;
  const t = STAFF_MESSAGES[lang];
  const portal = messagesFor(lang);
  const phone = row.reporterPhone ? (props.revealContact ? row.reporterPhone : maskPhone(row.reporterPhone)) : null;
  const name = row.reporterName ? (props.revealContact ? row.reporterName : maskName(row.reporterName)) : null;
  const grade = row.satisfaction ? props.trail.findLast((entry) => entry.grade !== null)?.grade : undefined;
  return (
    <StaffLayout lang={lang} title={`${t.case} ${row.trackingCode}`} csrf={csrf}>
      <h1>
        {words.category(row.category, lang)} <span class="code">{row.trackingCode}</span>
      </h1>
      {props.flash ? (
        <p class={props.flash.kind} role={props.flash.kind === "alert" ? "alert" : "status"}>
          {props.flash.text}
        </p>
      ) : null}
      <div class="card">
        <p>{row.description}</p>
        <p>
          <strong>{portal.status}</strong>: {words.status(row.status, lang)} · {words.level(row.level, lang)}
          {row.overdue ? <span class="badge">{t.overdueBadge}</span> : null} <SupervisedMark lang={lang} since={row.supervisedAt} />
        </p>
        {row.supervisedAt ? (
          <p class="supervision">
            <strong>{t.supervision.since}</strong>: {formatTime(row.supervisedAt, lang)} · <strong>{t.supervision.reason}</strong>:{" "}
            {row.supervisionReason}
          </p>
        ) : null}
        <p>
          <strong>{t.due}</strong>: {formatTime(row.dueAt, lang)}
        </p>
        <p>
          <strong>{t.place}</strong>: {row.stationCode ?? ""} {row.address ?? ""} <span class="code muted">{row.areaPath}</span>
        </p>
        <p>
          <strong>{t.reporter}</strong>:{" "}
          {name || phone ? (
            <>
              {name} {phone ? <a href={props.revealContact ? `tel:${phone}` : undefined}>{phone}</a> : null}
            </>
          ) : (
            t.anonymous
          )}
        </p>
        {row.photoKey ? (
          <p>
            <a href={`/staff/cases/${row.id}/photo`}>{t.photo}</a>
          </p>
        ) : null}
        {row.resolution ? (
          <p>
            <strong>{portal.resolution}</strong>: {row.resolution}
          </p>
        ) : null}
        {grade ? (
          <p>
            <strong>{t.grade}</strong>: {words.grade(grade, lang)}
            {row.feedbackComment ? ` · ${row.feedbackComment}` : ""}
          </p>
        ) : null}
      </div>
      <h2>{t.actionsTitle}</h2>
      {allowed.length === 0 ? (
        <p class="muted">{t.noActions}</p>
      ) : (
        allowed.map((action) => <ActionForm lang={lang} csrf={csrf} row={row} action={action} props={props} />)
      )}
      <h2>{t.timeline}</h2>
      <ol class="timeline">
        {events.map((e, i) => {
          const seen = props.trail[i];
          return (
            <li>
              <span class="muted">{formatTime(e.createdAt, lang)}</span> · {portal.actions[e.action] ?? e.action} ·{" "}
              {words.level(e.toLevel, lang)}
              {seen?.grade ? ` · ${words.grade(seen.grade, lang)}` : ""}
              {e.actorName ? ` · ${e.actorName}` : ""}
              {e.public ? null : <span class="badge soft">{t.internal}</span>}
              {e.public && e.text ? <span class="badge soft">{seen?.text ? t.textForResident : t.textInternal}</span> : null}
              {e.text ? <div>{e.text}</div> : null}
              {seen?.photoKey && props.photoKeys.includes(seen.photoKey) ? (
                <div>
                  <a href={`/staff/cases/${row.id}/photo?key=${encodeURIComponent(seen.photoKey)}`}>{t.residentPhoto}</a>
                </div>
              ) : null}
              {e.public && seen ? (
                <div class="muted">
                  {t.residentReads}
                  {seen.summary[lang]}
                </div>
              ) : null}
            </li>
          );
        })}
      </ol>
      <p>
        <a href={langHref("/staff/cases", lang)}>{t.backToList}</a>
      </p>
    </StaffLayout>
  );
}
