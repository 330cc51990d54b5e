import { maskName, maskPhone } from "../../../schema/api/case.ts";
import type { CaseEventRow, CaseRow } from "../../../schema/case.ts";
import type { Words } from "../../../schema/case-words.ts";
import type { CaseAction } from "../../../schema/constants.ts";
import type { NotificationRow } from "../../../schema/notification.ts";
import type { TrailEntry } from "../../../worker/cases/trail.ts";
import { formatTime, langHref, messagesFor } from "../../lang.ts";
import { type Lang, words } from "../../messages.ts";
import { NotificationLines } from "../components/notification-lines.tsx";
import { ReopenMark } from "../components/reopen-mark.tsx";
import { SupervisedMark } from "../components/supervised-mark.tsx";
import { StaffLayout } from "../layout.tsx";
import { STAFF_MESSAGES } from "../messages.ts";
import { type StaffVerb, verbOfEvent, verbsFor } from "../verbs.ts";

export interface CasePageProps {
  lang: Lang;
  csrf: string;
  row: CaseRow;
  events: CaseEventRow[];
  /** Each event as the resident reads it, in the same order. */
  trail: TrailEntry[];
  /** The notifications the events caused, shown under each (staff only). */
  notifications?: NotificationRow[];
  /** The photos added to the case that are still kept (retention erases them with the reporter's data). */
  photoKeys: string[];
  /** Before (the resident's) and after (the result's), each kept photo's key. */
  photos: { before: string[]; after: string[] };
  /** The place's areas by name, from the street down. */
  place: Words[];
  station: { code: string; name: string; nameEn: string | null } | null;
  /** The action just done (`?done=`), confirmed from the trail. */
  done?: StaffVerb | null;
  allowed: CaseAction[];
  revealContact: boolean;
  candidates: { id: number; name: string; role: string }[];
  departments: { id: string; name: string }[];
  similar: { id: string; description: string }[];
  flash?: { kind: "ok" | "alert"; text: string };
}

/** One small form per thing the viewer may do now, its button a verb; nothing else is offered. */
function ActionForm({
  lang,
  csrf,
  row,
  action,
  verb,
  props,
}: {
  lang: Lang;
  csrf: string;
  row: CaseRow;
  action: CaseAction;
  verb: StaffVerb;
  props: CasePageProps;
}) {
  const t = STAFF_MESSAGES[lang];
  const label = t.caseScreen.verbs[verb];
  const text = (name: string, caption: string, required = false) => (
    <>
      <label for={`${verb}-${name}`}>{caption}</label>
      <textarea id={`${verb}-${name}`} name={name} required={required} minlength={required ? 2 : undefined} maxlength={2000} />
    </>
  );
  // A hand-over's or a supervisor's text is internal unless marked (the hand-over itself is on the resident's trail).
  const forResident = (
    <label class="radio">
      <input type="checkbox" name="public" value="true" /> <span>{t.showToResident}</span>
    </label>
  );
  const fields = (() => {
    switch (verb) {
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
        return (
          <>
            {text("resolution", t.resolutionText, true)}
            <label for="resolve-photo">{t.caseScreen.resultPhoto}</label>
            <input id="resolve-photo" name="photo" type="file" accept="image/*" />
          </>
        );
      case "return":
        return (
          <>
            {text("reason", t.reason, true)}
            {forResident}
          </>
        );
      case "reject":
        return text("reason", t.reason, true);
      case "escalate_community":
      case "escalate_street":
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
      case "extend_approve":
      case "extend_decline":
        return (
          <>
            <p>
              {t.newDue}: {row.extensionDueAt ? formatTime(row.extensionDueAt, lang) : ""} · {row.extensionReason}
            </p>
            <input type="hidden" name="approve" value={verb === "extend_approve" ? "true" : "false"} />
            {text("reason", t.reason)}
            {forResident}
          </>
        );
      case "extend_request":
        return (
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
      <form
        method="post"
        action={langHref(`/staff/cases/${row.id}/actions/${action}`, lang)}
        enctype={verb === "resolve" ? "multipart/form-data" : undefined}
      >
        <input type="hidden" name="csrf" value={csrf} />
        {fields}
        <button type="submit">{label}</button>
      </form>
    </details>
  );
}

/**
 * What was just done, said from the trail: the latest event of that verb, with who has the case
 * now (by name) and its time limit. Nothing when the trail has no such event (an address typed by hand).
 */
function Confirmation({ lang, row, trail, done }: { lang: Lang; row: CaseRow; trail: TrailEntry[]; done: StaffVerb }) {
  const t = STAFF_MESSAGES[lang].caseScreen;
  const entry = trail.findLast((e) => verbOfEvent(e.event) === done);
  if (!entry) return null;
  const assignee = entry?.event.data?.assignee_name;
  const name = done === "assign" && typeof assignee === "string" ? assignee : entry.handledBy[lang];
  const text = t.done[done].replace("{name}", name).replace("{due}", formatTime(row.dueAt, lang));
  return (
    <p class="ok" role="status">
      {text}
    </p>
  );
}

/** Whether the resident reads an event, and its text: 居民可见 / 说明仅内部 / 仅内部. */
function VisibilityMarks({ lang, entry }: { lang: Lang; entry: TrailEntry | undefined }) {
  const t = STAFF_MESSAGES[lang].caseScreen;
  if (!entry?.onTrail) return <span class="badge soft">{t.internalOnly}</span>;
  return (
    <>
      <span class="badge pub">{t.forResident}</span>
      {entry.event.text && entry.text === null ? (
        <>
          {" "}
          <span class="badge soft">{t.textInternalOnly}</span>
        </>
      ) : null}
    </>
  );
}

/** The resident's photos beside those of the result, each opening full size. */
function Photos({ lang, row, photos }: { lang: Lang; row: CaseRow; photos: CasePageProps["photos"] }) {
  const t = STAFF_MESSAGES[lang].caseScreen;
  if (photos.before.length === 0 && photos.after.length === 0) return null;
  const href = (key: string) =>
    key === row.photoKey ? `/staff/cases/${row.id}/photo` : `/staff/cases/${row.id}/photo?key=${encodeURIComponent(key)}`;
  const side = (title: string, keys: string[], kind: string) => (
    <figure class={`side ${kind}`}>
      <figcaption>{title}</figcaption>
      {keys.length === 0 ? <p class="muted">{t.noAfter}</p> : null}
      {keys.map((key, i) => (
        <a href={href(key)}>
          <img src={href(key)} alt={`${title} ${t.photoOf} ${i + 1}`} loading="lazy" />
        </a>
      ))}
    </figure>
  );
  return (
    <div class="sides">
      {side(t.before, photos.before, "before")}
      {side(t.after, photos.after, "after")}
    </div>
  );
}

/** `/staff/cases/{id}`: everything about the case and exactly the actions allowed now. */
export function CasePage(props: CasePageProps) {
  const { lang, csrf, row, events, allowed } = props;
  const t = STAFF_MESSAGES[lang];
  const c = t.caseScreen;
  const portal = messagesFor(lang);
  const phone = row.reporterPhone ? (props.revealContact ? row.reporterPhone : maskPhone(row.reporterPhone)) : null;
  const name = row.reporterName ? (props.revealContact ? row.reporterName : maskName(row.reporterName)) : null;
  const feedback = row.satisfaction ? props.trail.findLast((entry) => entry.grade !== null) : undefined;
  const station = props.station ? `${lang === "en" ? (props.station.nameEn ?? props.station.name) : props.station.name}` : null;
  return (
    <StaffLayout lang={lang} title={`${t.case} ${row.trackingCode}`} csrf={csrf}>
      <h1>
        {words.category(row.category, lang)} <span class="code">{row.trackingCode}</span> <ReopenMark lang={lang} count={row.reopenCount} />
      </h1>
      {props.done ? <Confirmation lang={lang} row={row} trail={props.trail} done={props.done} /> : null}
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
        <p class="place">
          <strong>{t.place}</strong>: {props.place.map((p) => p[lang]).join(" › ")}
          {station ? (
            <>
              {" "}
              · {c.station} {station} <span class="code muted">{row.stationCode}</span>
            </>
          ) : null}
          {row.address ? ` · ${c.address} ${row.address}` : null}
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
        {row.resolution ? (
          <p>
            <strong>{portal.resolution}</strong>: {row.resolution}
          </p>
        ) : null}
        {feedback?.grade ? (
          <p class={`grade ${feedback.grade}`}>
            <strong>{c.gradeTitle}</strong>: <span class={`badge grade-${feedback.grade}`}>{words.grade(feedback.grade, lang)}</span>{" "}
            {row.feedbackComment ?? c.noComment} <span class="muted">{formatTime(feedback.at, lang)}</span>
          </p>
        ) : null}
      </div>
      <Photos lang={lang} row={row} photos={props.photos} />
      <h2>{t.actionsTitle}</h2>
      {allowed.length === 0 ? (
        <p class="muted">{t.noActions}</p>
      ) : (
        allowed.flatMap((action) =>
          verbsFor(action, row).map((verb) => <ActionForm lang={lang} csrf={csrf} row={row} action={action} verb={verb} props={props} />),
        )
      )}
      <h2>{t.timeline}</h2>
      <ol class="timeline">
        {events.map((e, i) => {
          const seen = props.trail[i];
          const verb = verbOfEvent(e);
          return (
            <li>
              <span class="muted">{formatTime(e.createdAt, lang)}</span> · {verb ? c.verbs[verb] : (portal.actions[e.action] ?? e.action)} ·{" "}
              {words.level(e.toLevel, lang)}
              {seen?.grade ? ` · ${words.grade(seen.grade, lang)}` : ""}
              {e.actorName ? ` · ${e.actorName}` : ""} <VisibilityMarks lang={lang} entry={seen} />
              {e.text ? <div>{e.text}</div> : null}
              {seen?.photoKey && props.photoKeys.includes(seen.photoKey) ? (
                <div>
                  <a href={`/staff/cases/${row.id}/photo?key=${encodeURIComponent(seen.photoKey)}`}>
                    {e.action === "resolve" ? c.after : t.residentPhoto}
                  </a>
                </div>
              ) : null}
              {seen?.onTrail ? (
                <div class="muted">
                  {t.residentReads}
                  {seen.summary[lang]}
                </div>
              ) : null}
              <NotificationLines lang={lang} rows={(props.notifications ?? []).filter((n) => n.eventId === e.id)} />
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
