import { FEEDBACK_GRADES } from "../../schema/constants.ts";
import type { TrackedCase } from "../../worker/cases/tracking.ts";
import { EmergencyBanner } from "../components/emergency.tsx";
import { MyCasesNote } from "../components/my-cases-note.tsx";
import { formatTime, langHref, messagesFor } from "../lang.ts";
import { Layout } from "../layout.tsx";
import type { Lang } from "../messages.ts";
import { words } from "../messages.ts";

/** What the page says on arrival: a new case, thanks for feedback, a follow-up received. */
export type TrackFlash = "new" | "thanks" | "supplement" | "urge";
/** The resident's forms on the page. */
export type FollowUpForm = "feedback" | "supplement" | "urge";

export interface TrackPageProps {
  lang: Lang;
  view: TrackedCase;
  flash?: TrackFlash | undefined;
  /** A form that came back, with what is wrong. */
  problem?: { form: FollowUpForm; text: string };
  /** What the resident typed, kept when a form comes back. */
  values?: { note?: string; comment?: string; grade?: string };
}

// The urge button is a secondary action: outlined, so it does not compete with the forms.
const CSS = `.overdue{color:#a00000;font-weight:700}.result-photo{display:block;max-width:100%;max-height:60vh;margin-top:8px;border-radius:8px}.urge button{background:#fff;color:#b71c1c;border:2px solid #b71c1c}`;

function Problem({ problem, form }: { problem: TrackPageProps["problem"]; form: FollowUpForm }) {
  return problem?.form === form ? (
    <p class="err" role="alert">
      {problem.text}
    </p>
  ) : null;
}

/** `/t/{code}`: where a resident follows their case, adds to it, urges it when overdue, and grades the answer. */
export function TrackPage({ lang, view, flash, problem, values = {} }: TrackPageProps) {
  const t = messagesFor(lang);
  const f = t.followUp;
  const code = view.tracking_code;
  const open = view.status === "submitted" || view.status === "in_progress";
  const may = (action: TrackedCase["allowed_actions"][number]) => view.allowed_actions.includes(action);
  const done = { thanks: t.feedbackThanks, supplement: f.supplementDone, urge: f.urgeDone } as const;
  return (
    <Layout lang={lang} title={`${t.trackTitle} · ${code}`} path={`/t/${code}`} description={t.descriptions.track} extraCss={CSS}>
      <h1>{t.trackTitle}</h1>
      {flash === "new" ? (
        <div class="ok" role="status">
          <p>{t.keepCode}</p>
          <p class="big code">{code}</p>
        </div>
      ) : (
        <p class="sub">
          {t.trackingCode}: <span class="code">{code}</span>
        </p>
      )}
      <MyCasesNote lang={lang} code={code} kept={flash === "new"} />
      {flash && flash !== "new" ? (
        <p class="ok" role="status">
          {done[flash]}
        </p>
      ) : null}
      <div class="card">
        <p>
          <strong>{t.status}</strong>: {words.status(view.status, lang)}
        </p>
        <p>
          <strong>{t.level}</strong>: {view.handled_by[lang]}
        </p>
        <p>
          <strong>{t.reportedAt}</strong>: {formatTime(new Date(view.created_at), lang)}
        </p>
        {open ? (
          <p>
            <strong>{t.dueAt}</strong>: {formatTime(new Date(view.due_at), lang)}
            {view.overdue ? <span class="overdue"> · {f.overdue}</span> : null}
          </p>
        ) : null}
        {open && !may("urge") ? <p class="muted">{f.urgeLater.replace("{due}", formatTime(new Date(view.due_at), lang))}</p> : null}
        {may("urge") ? null : <Problem problem={problem} form="urge" />}
        <p class="muted">
          {words.category(view.category, lang)} · {view.description}
        </p>
      </div>
      {view.joined_to ? (
        <div class="card" id="joined">
          <p>{t.openReports.following}</p>
          <p>
            <strong>{t.status}</strong>: {view.joined_to.status_text[lang]}
          </p>
          <p>
            <strong>{t.level}</strong>: {view.joined_to.handled_by[lang]}
          </p>
          {view.joined_to.resolution ? (
            <p>
              <strong>{t.resolution}</strong>: {view.joined_to.resolution}
            </p>
          ) : null}
        </div>
      ) : null}
      {view.resolution ? (
        <div class="card">
          <strong>{t.resolution}</strong>
          <p>{view.resolution}</p>
          {view.result_photo_url ? (
            <img class="result-photo" src={langHref(view.result_photo_url, lang)} alt={t.resultPhoto} loading="lazy" />
          ) : null}
        </div>
      ) : null}
      {may("feedback") ? (
        <form method="post" action={langHref(`/t/${code}/feedback`, lang)} class="card">
          <h2>{t.feedbackTitle}</h2>
          <Problem problem={problem} form="feedback" />
          {FEEDBACK_GRADES.map((grade, i) => (
            <label class="radio">
              <input type="radio" name="grade" value={grade} required={i === 0} checked={values.grade === grade} />{" "}
              <span>{words.grade(grade, lang)}</span>
            </label>
          ))}
          <label for="comment">{t.comment}</label>
          <textarea id="comment" name="comment" maxlength={500}>
            {values.comment ?? ""}
          </textarea>
          <button type="submit">{t.sendFeedback}</button>
        </form>
      ) : (
        <Problem problem={problem} form="feedback" />
      )}
      {may("urge") ? (
        <form method="post" action={langHref(`/t/${code}/urge`, lang)} class="card urge">
          <h2>{f.urgeTitle}</h2>
          <p>{f.urgeHint}</p>
          <Problem problem={problem} form="urge" />
          <button type="submit">{f.sendUrge}</button>
        </form>
      ) : null}
      <h2>{t.timeline}</h2>
      <ol class="timeline">
        {view.events.map((e) => (
          <li>
            <span class="muted">{formatTime(new Date(e.at), lang)}</span> · {e.summary[lang]}
            {e.text ? <div>{e.text}</div> : null}
          </li>
        ))}
      </ol>
      {may("supplement") ? (
        <form method="post" action={langHref(`/t/${code}/supplement`, lang)} enctype="multipart/form-data" class="card">
          <h2>{f.supplementTitle}</h2>
          <p class="muted">{f.supplementHint}</p>
          <Problem problem={problem} form="supplement" />
          <label for="note">{f.note}</label>
          <textarea id="note" name="note" maxlength={2000}>
            {values.note ?? ""}
          </textarea>
          <label for="photo">{t.photo}</label>
          <input id="photo" name="photo" type="file" accept="image/*" />
          <button type="submit">{f.sendSupplement}</button>
        </form>
      ) : (
        <Problem problem={problem} form="supplement" />
      )}
      <EmergencyBanner lang={lang} />
    </Layout>
  );
}
