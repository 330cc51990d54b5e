import type { AreaLevel } from "../../../../schema/constants.ts";
import type { AreaTreeRow } from "../../../../worker/directory/areas.ts";
import type { Lang } from "../../../messages.ts";
import { STAFF_MESSAGES } from "../../messages.ts";

const INDENT = "\u3000"; // an ideographic space: options cannot be styled, but their text can be indented

/**
 * An area chosen by name: the district, then one group per street holding the street, its
 * communities, grids and micro-grids, each indented by its level under its parent (the tree comes
 * in path order). A plain `<select>`: no script needed. It sends the area's id, or its path where
 * the form stores paths; only areas of the `choosable` levels can be chosen (the rest show where
 * they are).
 */
export function AreaSelect({
  lang,
  id,
  name = "area",
  sends = "id",
  areas,
  selected,
  choosable,
  required = false,
}: {
  lang: Lang;
  id: string;
  name?: string;
  sends?: "id" | "path";
  areas: AreaTreeRow[];
  selected?: string | null | undefined;
  choosable?: readonly AreaLevel[];
  required?: boolean;
}) {
  const t = STAFF_MESSAGES[lang].admin;
  const top = areas.filter((a) => a.level === "district");
  const streets = areas.filter((a) => a.level === "street");
  const option = (a: AreaTreeRow, depth: number) => (
    <option value={a[sends]} selected={a[sends] === selected} disabled={choosable ? !choosable.includes(a.level) : false}>
      {INDENT.repeat(depth)}
      {a.name}
    </option>
  );
  const depthOf = (a: AreaTreeRow) => a.path.split("/").filter(Boolean).length - 2;
  return (
    <select id={id} name={name} required={required}>
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
