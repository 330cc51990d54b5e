import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../worker/config.ts";

const PRODUCTION = {
  FORM_SECRET: "a long random form secret",
  ENCRYPTION_KEY: "another long random key value",
  RETENTION_DAYS: "365",
  WEBHOOK_RETRY_BASE_SECONDS: "30",
};

describe("the configuration", () => {
  it("parses numbers as numbers and the origin without its trailing slash", () => {
    const config = parseConfig({
      ...PRODUCTION,
      PUBLIC_BASE_URL: "https://grid.example.cn/",
      RETENTION_DAYS: "180",
      DISTRICT_CITY: "太原市",
      DISTRICT_PROVINCE: "山西省",
    });
    expect(config).toEqual({
      development: false,
      formSecret: PRODUCTION.FORM_SECRET,
      keys: { current: PRODUCTION.ENCRYPTION_KEY, previous: [] },
      publicBaseUrl: "https://grid.example.cn",
      district: { city: "太原市", province: "山西省" },
      retentionDays: 180,
      webhookRetryBaseSeconds: 30,
      site: { icpFiling: null, publicSecurityFiling: null },
      open311: { jurisdictions: ["xhl"], keyService: expect.stringContaining("API") },
      corsOrigins: [],
      notifications: { sms: { provider: "log" }, wecom: { provider: "log", endpoint: null } },
      notify: { quietHours: { start: 22 * 60, end: 7 * 60 }, smsPerHour: 5, smsDailyBudget: 2000 },
    });
    expect(parseConfig({ ...PRODUCTION, ICP_FILING: "晋ICP备2026000001号-1" }).site).toEqual({
      icpFiling: "晋ICP备2026000001号-1",
      publicSecurityFiling: null,
    });
    expect(parseConfig({ ...PRODUCTION, PUBLIC_BASE_URL: "" }).publicBaseUrl).toBeNull();
  });

  it("reads the notification settings: quiet hours in Shanghai time or off, and the caps as whole numbers", () => {
    const config = parseConfig({
      ...PRODUCTION,
      NOTIFY_QUIET_HOURS: "23:30-06:15",
      NOTIFY_SMS_PER_HOUR: "3",
      NOTIFY_SMS_DAILY_BUDGET: "0",
    });
    expect(config.notify).toEqual({ quietHours: { start: 23 * 60 + 30, end: 6 * 60 + 15 }, smsPerHour: 3, smsDailyBudget: 0 });
    expect(parseConfig({ ...PRODUCTION, NOTIFY_QUIET_HOURS: "off" }).notify.quietHours).toBeNull();
    expect(() => parseConfig({ ...PRODUCTION, NOTIFY_QUIET_HOURS: "22-7" })).toThrow(/NOTIFY_QUIET_HOURS must be like "22:00-07:00"/);
    expect(() => parseConfig({ ...PRODUCTION, NOTIFY_QUIET_HOURS: "07:00-07:00" })).toThrow(ConfigError);
    expect(() => parseConfig({ ...PRODUCTION, NOTIFY_SMS_PER_HOUR: "0" })).toThrow(/NOTIFY_SMS_PER_HOUR must be a whole number/);
  });

  it("reads the Open311 jurisdictions as a list, this endpoint's own first, and refuses an empty one", () => {
    const config = parseConfig({
      ...PRODUCTION,
      OPEN311_JURISDICTIONS: " xhl, taiyuan.xhl ,",
      OPEN311_KEY_SERVICE: "https://grid.example.cn/keys",
    });
    expect(config.open311).toEqual({ jurisdictions: ["xhl", "taiyuan.xhl"], keyService: "https://grid.example.cn/keys" });
    expect(() => parseConfig({ ...PRODUCTION, OPEN311_JURISDICTIONS: " , " })).toThrow(/OPEN311_JURISDICTIONS must be one or more ids/);
    expect(() => parseConfig({ ...PRODUCTION, OPEN311_JURISDICTIONS: "xhl,杏花岭 区" })).toThrow(ConfigError);
  });

  it("refuses missing secrets, bad numbers and a bad origin, naming them", () => {
    const refused = (env: Record<string, string | undefined>) => {
      try {
        parseConfig(env);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
      throw new Error("accepted");
    };
    expect(refused({ ...PRODUCTION, FORM_SECRET: undefined })).toContain("FORM_SECRET is not set");
    expect(refused({ ...PRODUCTION, ENCRYPTION_KEY: "short" })).toContain("ENCRYPTION_KEY must be at least 16 characters");
    expect(refused({ ...PRODUCTION, RETENTION_DAYS: "soon" })).toContain("RETENTION_DAYS");
    expect(refused({ ...PRODUCTION, PUBLIC_BASE_URL: "grid.example.cn" })).toContain("PUBLIC_BASE_URL");
  });

  it("reads CORS_ORIGINS as a list of origins, separated by commas or spaces, and refuses anything else", () => {
    expect(
      parseConfig({ ...PRODUCTION, CORS_ORIGINS: "https://app.example.cn, http://localhost:5173 https://b.example.cn" }).corsOrigins,
    ).toEqual(["https://app.example.cn", "http://localhost:5173", "https://b.example.cn"]);
    expect(() => parseConfig({ ...PRODUCTION, CORS_ORIGINS: "https://app.example.cn/" })).toThrow(
      "CORS_ORIGINS: https://app.example.cn/ is not an origin such as https://app.example.cn",
    );
    expect(() => parseConfig({ ...PRODUCTION, CORS_ORIGINS: "app.example.cn" })).toThrow(/CORS_ORIGINS: app.example.cn/);
    expect(() => parseConfig({ ...PRODUCTION, CORS_ORIGINS: "*" })).toThrow(/CORS_ORIGINS/);
  });

  it("refuses wrangler.toml's development secrets outside development, and takes them in it", () => {
    const dev = { ...PRODUCTION, FORM_SECRET: "local-development-form-secret", ENCRYPTION_KEY: "local-development-encryption-key" };
    expect(() => parseConfig(dev)).toThrow(/FORM_SECRET is the development value/);
    expect(() => parseConfig({ ...dev, FORM_SECRET: PRODUCTION.FORM_SECRET })).toThrow(/ENCRYPTION_KEY is the development value/);
    expect(parseConfig({ ...dev, GRIDSTATION_ENV: "development" }).development).toBe(true);
  });
});
