import { describe, expect, it } from "vitest";
import { chooseLang, langHref } from "../portal/lang.ts";

describe("the page's language", () => {
  it("is Chinese unless the visitor asks for English or ranks it above Chinese", () => {
    expect(chooseLang(undefined, undefined)).toBe("zh");
    expect(chooseLang("en", "zh-CN")).toBe("en");
    expect(chooseLang("zh", "en-US")).toBe("zh");
    expect(chooseLang(undefined, "en-US,en;q=0.9")).toBe("en");
    expect(chooseLang(undefined, "zh-CN,zh;q=0.9,en;q=0.8")).toBe("zh");
  });

  it("carries English onto links, joining a query that is already there", () => {
    expect(langHref("/staff/cases", "zh")).toBe("/staff/cases");
    expect(langHref("/staff/cases", "en")).toBe("/staff/cases?lang=en");
    expect(langHref("/staff?area=%2Fxhl%2F", "en")).toBe("/staff?area=%2Fxhl%2F&lang=en");
    expect(langHref("/", "en")).toBe("/?lang=en");
  });
});
