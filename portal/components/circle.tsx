import { CIRCLE_GROUPS } from "../../schema/constants.ts";
import type { CircleContact } from "../../worker/circle.ts";
import { messagesFor } from "../lang.ts";
import type { Lang } from "../messages.ts";
import { words } from "../messages.ts";

/**
 * The circle grouped as residents think of it; every number one tap from a call. Each group folds
 * (a `<details>`, no script): the grid team open, the others one tap away, so the report form is
 * not pages below nineteen numbers.
 */
export function Circle({ lang, contacts }: { lang: Lang; contacts: CircleContact[] }) {
  const t = messagesFor(lang);
  const groups = (Object.entries(CIRCLE_GROUPS) as [keyof typeof CIRCLE_GROUPS, readonly string[]][])
    .map(([group, roles]) => [group, contacts.filter((c) => roles.includes(c.role))] as const)
    .filter(([, members]) => members.length > 0);
  return (
    <section id="circle">
      <h2>{t.circle}</h2>
      {groups.map(([group, members], index) => (
        <details class="card" open={index === 0}>
          <summary>
            <h3>{t.groups[group]}</h3>
            <span class="muted">{members.length}</span>
          </summary>
          <ul class="plain">
            {members.map((c) => (
              <li class="contact">
                <span class="who">
                  {words.role(c.role, lang)} · {c.name}
                  {c.organization ? <small>{c.organization}</small> : null}
                </span>
                <a
                  class="tel"
                  href={`tel:${c.phone.replace(/[^\d+]/g, "")}`}
                  aria-label={`${t.call} ${words.role(c.role, lang)} ${c.name} ${c.phone}`}
                >
                  {c.phone}
                </a>
              </li>
            ))}
          </ul>
        </details>
      ))}
    </section>
  );
}
