import type { trackCase } from "../../worker/cases/tracking.ts";
import { EmergencyBanner } from "../components/emergency.tsx";
import { MyCasesNote } from "../components/my-cases-note.tsx";
import { formatTime, langHref, messagesFor } from "../lang.ts";
import { Layout } from "../layout.tsx";
import type { Lang } from "../messages.ts";
import { words } from "../messages.ts";

export interface TrackPageProps {
  lang: Lang;
  view: Awaited<ReturnType<typeof trackCase>>;
  fresh: boolean;
  thanked: boolean;
  feedbackError?: string;
  comment?: string;
}

/** `/t/{code}`: where a resident follows their case and, once answered, says if it helped. */
export function TrackPage({ lang, view, fresh, thanked, feedbackError, comment }: TrackPageProps) {
  const t = messagesFor(lang);
  const code = view.tracking_code;
  return (
    <Layout lang={lang} title={`${t.trackTitle} · ${code}`} path={`/t/${code}`} description={t.descriptions.track}>
      <h1>{t.trackTitle}</h1>
      {fresh ? (
        <div class="ok" role="status">
          <p>{t.keepCode}</p>
          <p class="big code">{code}</p>
        </div>
      ) : (
        <p class="sub">
          {t.trackingCode}: <span class="code">{code}</span>
        </p>
      )}
      <MyCasesNote lang={lang} code={code} kept={fresh} />
      {thanked ? <p class="ok">{t.feedbackThanks}</p> : null}
      <div class="card">
        <p>
          <strong>{t.status}</strong>: {words.status(view.status, lang)}
        </p>
        <p>
          <strong>{t.level}</strong>: {words.level(view.level, lang)}
        </p>
        <p>
          <strong>{t.reportedAt}</strong>: {formatTime(new Date(view.created_at), lang)}
        </p>
        {view.status === "submitted" || view.status === "in_progress" ? (
          <p>
            <strong>{t.dueAt}</strong>: {formatTime(new Date(view.due_at), lang)}
          </p>
        ) : null}
        <p class="muted">
          {words.category(view.category, lang)} · {view.description}
        </p>
      </div>
      {view.resolution ? (
        <div class="card">
          <strong>{t.resolution}</strong>
          <p>{view.resolution}</p>
        </div>
      ) : null}
      {view.can_give_feedback ? (
        <form method="post" action={langHref(`/t/${code}/feedback`, lang)} class="card">
          <h2>{t.feedbackTitle}</h2>
          {feedbackError ? <p class="err">{feedbackError}</p> : null}
          <label class="radio">
            <input type="radio" name="satisfied" value="yes" required /> <span>{t.satisfied}</span>
          </label>
          <label class="radio">
            <input type="radio" name="satisfied" value="no" /> <span>{t.unsatisfied}</span>
          </label>
          <label for="comment">{t.comment}</label>
          <textarea id="comment" name="comment" maxlength={500}>
            {comment ?? ""}
          </textarea>
          <button type="submit">{t.sendFeedback}</button>
        </form>
      ) : null}
      <h2>{t.timeline}</h2>
      <ol class="timeline">
        {view.events.map((e) => (
          <li>
            <span class="muted">{formatTime(new Date(e.at), lang)}</span> · {t.actions[e.action] ?? e.action}
            {e.action !== "note" && e.action !== "feedback" ? ` · ${words.level(e.level, lang)}` : ""}
            {e.text ? <div>{e.text}</div> : null}
          </li>
        ))}
      </ol>
      <EmergencyBanner lang={lang} />
    </Layout>
  );
}
