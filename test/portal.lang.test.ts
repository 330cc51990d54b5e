import { describe, expect, it } from "vitest";
import { chooseLang, langHref } from "../portal/lang.ts";
import { MESSAGES } from "../portal/messages.ts";

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

describe("the pages' meta descriptions", () => {
  it("are there in both languages, with the same placeholders, short enough to show whole in a search result", () => {
    const { zh, en } = MESSAGES;
    expect(Object.keys(en.descriptions)).toEqual(Object.keys(zh.descriptions));
    for (const [page, text] of Object.entries(zh.descriptions)) {
      const english = en.descriptions[page as keyof typeof zh.descriptions];
      expect(english.match(/\{\w+\}/g), page).toEqual(text.match(/\{\w+\}/g));
      // About 80 Chinese characters or 160 Latin ones show in a result; a station's name adds some 15.
      expect(text.length, page).toBeLessThanOrEqual(70);
      expect(english.length, page).toBeLessThanOrEqual(160);
      expect(text.replace(/\{\w+\}/g, ""), page).not.toMatch(/[A-Za-z]{3}/);
    }
  });
});
