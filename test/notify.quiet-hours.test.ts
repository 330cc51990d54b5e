// Quiet hours are read on Shanghai's clock (UTC+8, no daylight saving), across midnight or not.
import { describe, expect, it } from "vitest";
import { isQuiet, parseQuietHours, quietEnds } from "../worker/notify/quiet-hours.ts";

const shanghai = (iso: string) => new Date(`${iso}+08:00`);

describe("quiet hours", () => {
  const night = parseQuietHours("22:00-07:00") as { start: number; end: number };

  it("hold from 22:00 to 07:00 Shanghai time, whatever the server's zone", () => {
    expect(isQuiet(night, shanghai("2027-03-01T21:59"))).toBe(false);
    expect(isQuiet(night, shanghai("2027-03-01T22:00"))).toBe(true);
    expect(isQuiet(night, shanghai("2027-03-02T03:00"))).toBe(true);
    expect(isQuiet(night, shanghai("2027-03-02T06:59"))).toBe(true);
    expect(isQuiet(night, shanghai("2027-03-02T07:00"))).toBe(false);
    expect(isQuiet(night, shanghai("2027-03-02T12:00"))).toBe(false);
  });

  it("end at the next 07:00: the same morning after midnight, the next morning before it", () => {
    expect(quietEnds(night, shanghai("2027-03-01T23:30"))).toEqual(shanghai("2027-03-02T07:00"));
    expect(quietEnds(night, shanghai("2027-03-02T00:10"))).toEqual(shanghai("2027-03-02T07:00"));
    expect(quietEnds(night, shanghai("2027-12-31T22:00"))).toEqual(shanghai("2028-01-01T07:00"));
  });

  it("may lie within one day", () => {
    const lunch = parseQuietHours("12:00-14:00") as { start: number; end: number };
    expect(isQuiet(lunch, shanghai("2027-03-01T11:59"))).toBe(false);
    expect(isQuiet(lunch, shanghai("2027-03-01T13:00"))).toBe(true);
    expect(isQuiet(lunch, shanghai("2027-03-01T14:00"))).toBe(false);
    expect(quietEnds(lunch, shanghai("2027-03-01T13:00"))).toEqual(shanghai("2027-03-01T14:00"));
  });

  it("are read from the setting, or off, or refused", () => {
    expect(parseQuietHours(" 22:00 - 07:00 ")).toEqual({ start: 1320, end: 420 });
    expect(parseQuietHours("off")).toBe("off");
    expect(parseQuietHours("")).toBe("off");
    for (const bad of ["22:00", "24:00-07:00", "22:00-07:60", "22:00-07:00-08:00", "10pm-7am"]) expect(parseQuietHours(bad)).toBeNull();
  });
});
