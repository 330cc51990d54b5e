import { CIRCLE_GROUPS } from "../../schema/constants.ts";
import type { CircleContact } from "../../worker/circle.ts";
import { messagesFor } from "../lang.ts";
import type { Lang } from "../messages.ts";
import { words } from "../messages.ts";

/** The circle grouped as residents think of it; every number one tap from a call. */
export function Circle({ lang, contacts }: { lang: Lang; contacts: CircleContact[] }) {
  const t = messagesFor(lang);
  return (
    <section>
      <h2>{t.circle}</h2>
      {(Object.entries(CIRCLE_GROUPS) as [keyof typeof CIRCLE_GROUPS, readonly string[]][]).map(([group, roles]) => {
        const members = contacts.filter((c) => roles.includes(c.role));
        if (members.length === 0) return null;
        return (
          <div class="card">
            <h3>{t.groups[group]}</h3>
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
          </div>
        );
      })}
    </section>
  );
}
