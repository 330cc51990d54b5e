import type { AreaTreeRow } from "../../../../worker/directory/areas.ts";
import type { Lang } from "../../../messages.ts";
import { STAFF_MESSAGES } from "../../messages.ts";

const INDENT = "\u3000"; // an ideographic space: options cannot be styled, but their text can be indented

/**
 * An area chosen by name: the district, then one group per street holding the street, its
 * communities, grids and micro-grids, each indented by its level under its parent (the tree comes
 * in path order). A plain `<select>`: no script needed.
 */
export function AreaSelect({
  lang,
  id,
  areas,
  selected,
}: {
  lang: Lang;
  id: string;
  areas: AreaTreeRow[];
  selected?: string | null | undefined;
}) {
  const t = STAFF_MESSAGES[lang].admin;
  const top = areas.filter((a) => a.level === "district");
  const streets = areas.filter((a) => a.level === "street");
  const option = (a: AreaTreeRow, depth: number) => (
    <option value={a.id} selected={a.id === selected}>
      {INDENT.repeat(depth)}
      {a.name}
    </option>
  );
  const depthOf = (a: AreaTreeRow) => a.path.split("/").filter(Boolean).length - 2;
  return (
    <select id={id} name="area">
      <option value="" selected={!selected}>
        {t.chooseArea}
      </option>
      {top.map((a) => option(a, 0))}
      {streets.map((street) => (
        <optgroup label={street.name}>{areas.filter((a) => a.path.startsWith(street.path)).map((a) => option(a, depthOf(a)))}</optgroup>
      ))}
    </select>
  );
}
