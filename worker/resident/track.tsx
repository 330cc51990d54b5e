import { type Context, Hono } from "hono";
import { messagesFor } from "../../portal/lang.ts";
import { type FollowUpForm, type TrackFlash, TrackPage, type TrackPageProps } from "../../portal/pages/track.tsx";
import { FEEDBACK_GRADES, type FeedbackGrade } from "../../schema/constants.ts";
import { followUp, giveFeedback, resultPhotoOf, trackCase } from "../cases/tracking.ts";
import { DomainError, notFoundAsNull } from "../domain-error.ts";
import type { AppEnv } from "../env.ts";
import { pageNotFound } from "../pages/errors.tsx";
import { type FormBody, formText, readForm } from "../pages/form.ts";
import { langSuffix } from "../pages/lang.ts";
import { renderPage } from "../pages/render.ts";
import { attachPhoto } from "../photos/attach.ts";
import { photoResponse } from "../photos/respond.ts";
import { TRACKING_CODE_PATTERN } from "../workflow/ids.ts";
import { normaliseTrackingCode } from "./tracking-code.ts";

/** The longest note a resident adds (as the API's `note`). */
const MAX_NOTE = 2000;

async function view(c: Context<AppEnv>, code: string) {
  if (!TRACKING_CODE_PATTERN.test(code)) return null;
  return trackCase(c.get("db"), code).catch(notFoundAsNull);
}

const FLASHES: Record<string, TrackFlash> = { supplement: "supplement", urge: "urge" };

/** The grade a feedback form sends; the form before grades sent `satisfied=yes|no` (a page kept open since). */
function gradeFrom(body: FormBody): FeedbackGrade | null {
  const grade = formText(body, "grade");
  if ((FEEDBACK_GRADES as readonly string[]).includes(grade)) return grade as FeedbackGrade;
  const satisfied = formText(body, "satisfied");
  return satisfied === "yes" ? "satisfied" : satisfied === "no" ? "unsatisfied" : null;
}

/** What a refused form says, and the status the page answers with. */
interface Said {
  text: string;
  status: 400 | 409 | 413 | 429 | 503;
}

/** A refusal of a resident's follow-up, as the sentence their form shows and the status it answers with. */
function followUpRefusal(error: unknown, form: FollowUpForm, c: Context<AppEnv>, view: TrackPageProps["view"]): Said {
  if (!(error instanceof DomainError)) throw error;
  const t = messagesFor(c.get("lang"));
  const said = (text: string, status: Said["status"]): Said => ({ text, status });
  switch (error.code) {
    case "invalid_transition":
      if (form === "feedback") return said(t.followUp.notAnswered, 409);
      if (form === "urge" && (view.status === "submitted" || view.status === "in_progress")) return said(t.followUp.notOverdue, 409);
      return said(t.followUp.closed, 409);
    case "rate_limited":
      c.header("Retry-After", String(error.retryAfterSeconds ?? 60));
      return said(t.errors.rate_limited, 429);
    case "payload_too_large":
      return said(t.errors.photo_size, 413);
    case "validation_failed":
      if (form === "feedback") return said(t.followUp.chooseGrade, 400);
      return said(error.fieldProblems.some((p) => p.path === "photo") ? t.errors.photo_type : t.followUp.noteOrPhoto, 400);
    case "conflict":
      return said(t.followUp.conflict, 409);
    case "unavailable":
      c.header("Retry-After", String(error.retryAfterSeconds ?? 30));
      return said(t.errors.unavailable, 503);
    default:
      throw error;
  }
}

export function trackPages() {
  const app = new Hono<AppEnv>();

  /** The page again, with the problem named on the form that was sent and what was typed kept. */
  async function withProblem(
    c: Context<AppEnv>,
    code: string,
    form: FollowUpForm,
    values: TrackPageProps["values"],
    problem: (found: TrackPageProps["view"]) => Said,
  ) {
    const lang = c.get("lang");
    const found = await view(c, code);
    if (!found) return pageNotFound(c, messagesFor(lang).notFoundCase);
    const { text, status } = problem(found);
    return renderPage(c, <TrackPage lang={lang} view={found} problem={{ form, text }} values={values} />, { status });
  }

  /** A refusal from the domain on that form; an unknown code is the not-found page. */
  function refused(c: Context<AppEnv>, code: string, form: FollowUpForm, values: TrackPageProps["values"], error: unknown) {
    if (error instanceof DomainError && error.code === "not_found") return pageNotFound(c, messagesFor(c.get("lang")).notFoundCase);
    return withProblem(c, code, form, values, (found) => followUpRefusal(error, form, c, found));
  }

  // The small form on `/` sends `?code=`; an unusable code goes back there with a message.
  app.get("/t", (c) => {
    const code = normaliseTrackingCode(c.req.query("code") ?? "");
    return c.redirect(`/t/${encodeURIComponent(code || "-")}${langSuffix(c)}`, 303);
  });

  app.get("/t/:code", async (c) => {
    const lang = c.get("lang");
    const found = await view(c, normaliseTrackingCode(c.req.param("code")));
    if (!found) return pageNotFound(c, messagesFor(lang).notFoundCase);
    const flash: TrackFlash | undefined =
      c.req.query("new") === "1" ? "new" : c.req.query("thanks") === "1" ? "thanks" : FLASHES[c.req.query("done") ?? ""];
    return renderPage(c, <TrackPage lang={lang} view={found} flash={flash} />);
  });

  // The photo of the result that came with the answer: the tracking code is the key, as for the page.
  app.get("/t/:code/result-photo", async (c) => {
    const code = normaliseTrackingCode(c.req.param("code"));
    const key = TRACKING_CODE_PATTERN.test(code) ? await resultPhotoOf(c.get("db"), code) : null;
    const object = key ? await c.get("services").photos.get(key) : null;
    if (!object) return pageNotFound(c, messagesFor(c.get("lang")).notFoundCase);
    return photoResponse(object);
  });

  app.post("/t/:code/feedback", async (c) => {
    const code = normaliseTrackingCode(c.req.param("code"));
    if (!TRACKING_CODE_PATTERN.test(code)) return pageNotFound(c, messagesFor(c.get("lang")).notFoundCase);
    const body = await readForm(c);
    const grade = gradeFrom(body);
    const comment = formText(body, "comment").slice(0, 500);
    const values = { comment, grade: grade ?? undefined };
    if (!grade)
      return withProblem(c, code, "feedback", values, () => ({ text: messagesFor(c.get("lang")).followUp.chooseGrade, status: 400 }));
    try {
      await giveFeedback(c.get("db"), code, grade, comment || null, new Date());
    } catch (error) {
      return refused(c, code, "feedback", values, error);
    }
    return c.redirect(`/t/${code}?thanks=1${langSuffix(c, "&")}`, 303);
  });

  app.post("/t/:code/supplement", async (c) => {
    const code = normaliseTrackingCode(c.req.param("code"));
    if (!TRACKING_CODE_PATTERN.test(code)) return pageNotFound(c, messagesFor(c.get("lang")).notFoundCase);
    const body = await readForm(c);
    const note = formText(body, "note");
    const photo = body.photo instanceof File && body.photo.size > 0 ? body.photo : null;
    const values = { note: note.slice(0, MAX_NOTE) };
    if ((!note && !photo) || note.length === 1 || note.length > MAX_NOTE) {
      return withProblem(c, code, "supplement", values, () => ({ text: messagesFor(c.get("lang")).followUp.noteOrPhoto, status: 400 }));
    }
    const services = c.get("services");
    try {
      await followUp(
        c.get("db"),
        services.limiters.followUp,
        code,
        "supplement",
        { note: note || undefined, photo: photo ? () => attachPhoto(services, photo) : undefined },
        new Date(),
      );
    } catch (error) {
      return refused(c, code, "supplement", values, error);
    }
    return c.redirect(`/t/${code}?done=supplement${langSuffix(c, "&")}`, 303);
  });

  app.post("/t/:code/urge", async (c) => {
    const code = normaliseTrackingCode(c.req.param("code"));
    if (!TRACKING_CODE_PATTERN.test(code)) return pageNotFound(c, messagesFor(c.get("lang")).notFoundCase);
    try {
      await followUp(c.get("db"), c.get("services").limiters.followUp, code, "urge", {}, new Date());
    } catch (error) {
      return refused(c, code, "urge", {}, error);
    }
    return c.redirect(`/t/${code}?done=urge${langSuffix(c, "&")}`, 303);
  });
  return app;
}
