import { API_SCOPES } from "../../../../schema/constants.ts";
import type { AreaTreeRow } from "../../../../worker/directory/areas.ts";
import { formatTime, langHref } from "../../../lang.ts";
import { STAFF_MESSAGES } from "../../messages.ts";
import { AreaSelect } from "./area-select.tsx";
import { AdminFrame, Csrf, type Frame } from "./frame.tsx";

export function ApiKeysAdmin({
  lang,
  csrf,
  flash,
  keys,
  newKey,
  areas,
}: Frame & {
  areas: AreaTreeRow[];
  keys: { id: string; name: string; scopes: string[]; areaPath: string | null; revokedAt: Date | null; createdAt: Date }[];
  newKey?: string;
}) {
  const t = STAFF_MESSAGES[lang].admin;
  return (
    <AdminFrame lang={lang} csrf={csrf} flash={flash} title={t.apiKeys}>
      {newKey ? (
        <div class="ok">
          <p>{t.keyOnce}</p>
          <p class="code" style="overflow-wrap:anywhere">
            {newKey}
          </p>
        </div>
      ) : null}
      <ul class="plain card">
        {keys.map((k) => (
          <li class="contact">
            <span class="who">
              {k.name}{" "}
              <small class="code">
                {k.id} · {k.scopes.join(", ")} · {k.areaPath ?? "/"} · {formatTime(k.createdAt, lang)}
                {k.revokedAt ? ` · ${t.revoked}` : ""}
              </small>
            </span>
            {k.revokedAt ? null : (
              <form method="post" action={langHref(`/staff/admin/api-keys/${k.id}/revoke`, lang)} class="inline">
                <Csrf csrf={csrf} />
                <button type="submit" style="width:auto;padding:0 12px">
                  {t.revoke}
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
      <h2>{t.create}</h2>
      <form method="post" action={langHref("/staff/admin/api-keys", lang)} class="card">
        <Csrf csrf={csrf} />
        <label for="name">{t.name}</label>
        <input id="name" name="name" required />
        <fieldset style="border:0;padding:0">
          <legend>{t.scopes}</legend>
          {API_SCOPES.map((s) => (
            <label class="radio">
              <input type="checkbox" name="scopes" value={s} /> <span class="code">{s}</span>
            </label>
          ))}
        </fieldset>
        <label for="area">{t.area}</label>
        <AreaSelect lang={lang} id="area" sends="path" areas={areas} />
        <button type="submit">{t.create}</button>
      </form>
    </AdminFrame>
  );
}
