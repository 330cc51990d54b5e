// The filing numbers mainland sites must show, from the settings, on every resident page.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDataFolder } from "../../selfhost/bindings.ts";
import { BackgroundWork } from "../../selfhost/runtime.ts";
import worker from "../../worker/index.ts";

function site(environment: Record<string, string>) {
  const { platform } = openDataFolder({
    database: ":memory:",
    data: mkdtempSync(join(tmpdir(), "gridstation-filings-")),
    environment: { GRIDSTATION_ENV: "development", ...environment },
  });
  return (path: string) => worker.fetch(new Request(`http://grid.test${path}`), platform.env, new BackgroundWork().context());
}

describe("filing numbers", () => {
  it("are shown in the footer of resident pages when set, linking the ICP number to MIIT's register", async () => {
    const get = site({ ICP_FILING: "晋ICP备2026000001号-1", PUBLIC_SECURITY_FILING: "晋公网安备14010702000001号" });
    for (const path of ["/", "/t/ABCDEFGHJK"]) {
      const html = await (await get(path)).text();
      expect(html, path).toContain(
        '<footer class="filings"><a href="https://beian.miit.gov.cn/">晋ICP备2026000001号-1</a> · <span>晋公网安备14010702000001号</span></footer>',
      );
    }
  });

  it("leave no footer when not set", async () => {
    expect(await (await site({})("/")).text()).not.toContain("<footer");
  });
});
