import { createContext } from "hono/jsx";

/** What every resident page shows of the deployment: mainland sites show their filing numbers. */
export interface Site {
  /** ICP 备案号, e.g. 晋ICP备2026000001号-1 (links to beian.miit.gov.cn). */
  icpFiling: string | null;
  /** 公安备案号, e.g. 晋公网安备14010702000001号. */
  publicSecurityFiling: string | null;
}

export const NO_FILINGS: Site = { icpFiling: null, publicSecurityFiling: null };

/** Set once per render (worker/pages/render.ts), read by the layout. */
export const SiteContext = createContext<Site>(NO_FILINGS);

/** How this visitor reads the resident pages: the large-text mode (长辈版) is remembered on the phone. */
export interface View {
  largeText: boolean;
}

/** Set once per render from the visitor's cookie (worker/pages/render.ts), read by the layout and pages. */
export const ViewContext = createContext<View>({ largeText: false });
