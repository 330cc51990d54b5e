import { describe, expect, it } from "vitest";
import { splitFormat, toXml, XML_ITEMS } from "../worker/open311/format.ts";
import { statusesFor } from "../worker/open311/requests.ts";

describe("open311 splitFormat", () => {
  it("takes the whole name up to a final .json or .xml", () => {
    expect(splitFormat("services.json")).toEqual(["services", "json"]);
    expect(splitFormat("requests.xml")).toEqual(["requests", "xml"]);
  });

  it("refuses names with more after the format", () => {
    expect(splitFormat("requests.jsonp")).toBeNull();
    expect(splitFormat("requests.xml.bak")).toBeNull();
  });

  it("refuses names whose start is on another line", () => {
    expect(splitFormat("a\nb.json")).toBeNull();
  });
});

describe("open311 toXml", () => {
  it("escapes markup characters as numeric references", () => {
    expect(toXml("d", `<b>&'"`, XML_ITEMS)).toBe("<d>&#60;b&#62;&#38;&#39;&#34;</d>");
  });

  it("names the items of an unknown array 'item', and joins them without separators", () => {
    expect(toXml("list", [1, 2], {})).toBe("<list><item>1</item><item>2</item></list>");
    expect(toXml("formats", ["a", "b"], XML_ITEMS)).toBe("<formats><format>a</format><format>b</format></formats>");
  });

  it("writes null and undefined as empty elements", () => {
    expect(toXml("zipcode", null, XML_ITEMS)).toBe("<zipcode/>");
    expect(toXml("zipcode", undefined, XML_ITEMS)).toBe("<zipcode/>");
    expect(toXml("request", { a: null, b: 0, c: false }, XML_ITEMS)).toBe("<request><a/><b>0</b><c>false</c></request>");
  });
});

describe("open311 statusesFor", () => {
  it("maps open to the three working statuses", () => {
    expect(statusesFor("open")).toEqual(["submitted", "in_progress", "resolved"]);
  });
});
