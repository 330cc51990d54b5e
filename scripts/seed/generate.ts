import type { NewArea } from "../../schema/area.ts";
import { type CircleRole, STATION_SERVICES, type StaffRole, type StationService } from "../../schema/constants.ts";
import type { NewContact } from "../../schema/contact.ts";
import type { Department } from "../../schema/department.ts";
import type { OpeningHours } from "../../schema/opening-hours.ts";
import type { NewStaff } from "../../schema/staff.ts";
import type { NewStation } from "../../schema/station.ts";
import { communityName, mobile, personName, streetAddress } from "./names.ts";
import { createRandom, type Random, spread } from "./random.ts";

export type Scale = "demo" | "district";

export interface Directory {
  areas: NewArea[];
  departments: Omit<Department, "createdAt" | "updatedAt">[];
  stations: NewStation[];
  contacts: NewContact[];
  staff: NewStaff[];
}

/** Xinghualing's real sizes (the article in shared/seed): 811 grids, 7,289 micro-grids, 996 stations. */
export const DISTRICT_SIZES = { streets: 10, communities: 150, grids: 811, microGrids: 7289, stations: 996 };

const SEED = 20220616; // the article's date

// Xinghualing's streets; Jianhe (涧河) first, as the article's station JH0501V is there.
const STREETS = [
  { id: "jh", name: "涧河街道", nameEn: "Jianhe Street" },
  { id: "jl", name: "巨轮街道", nameEn: "Julun Street" },
  { id: "sq", name: "三桥街道", nameEn: "Sanqiao Street" },
  { id: "blq", name: "坝陵桥街道", nameEn: "Balingqiao Street" },
  { id: "gl", name: "鼓楼街道", nameEn: "Gulou Street" },
  { id: "xhs", name: "杏花岭街道", nameEn: "Xinghualing Street" },
  { id: "yjy", name: "杨家峪街道", nameEn: "Yangjiayu Street" },
  { id: "zgx", name: "职工新村街道", nameEn: "Zhigong Xincun Street" },
  { id: "dhf", name: "敦化坊街道", nameEn: "Dunhuafang Street" },
  { id: "zjh", name: "中涧河乡", nameEn: "Zhongjianhe Township" },
] as const;

export const DEPARTMENTS: Directory["departments"] = [
  { id: "public_security", name: "杏花岭公安分局", nameEn: "Public Security Bureau", phone: "0351-4040110", active: true },
  { id: "market_supervision", name: "区市场监督管理局", nameEn: "Market Supervision Bureau", phone: "0351-12315", active: true },
  { id: "urban_management", name: "区城市管理局", nameEn: "Urban Management Bureau", phone: "0351-4041234", active: true },
  {
    id: "housing_construction",
    name: "区住房和城乡建设局",
    nameEn: "Housing and Construction Bureau",
    phone: "0351-4042345",
    active: true,
  },
  { id: "emergency_management", name: "区应急管理局", nameEn: "Emergency Management Bureau", phone: "0351-4043456", active: true },
  { id: "civil_affairs", name: "区民政局", nameEn: "Civil Affairs Bureau", phone: "0351-4044567", active: true },
  {
    id: "human_resources",
    name: "区人力资源和社会保障局",
    nameEn: "Human Resources and Social Security Bureau",
    phone: "0351-12333",
    active: true,
  },
  { id: "justice", name: "区司法局", nameEn: "Justice Bureau", phone: "0351-12348", active: true },
  { id: "disabled_persons", name: "区残疾人联合会", nameEn: "Disabled Persons' Federation", phone: "0351-4045678", active: true },
];

const UTILITIES: { role: CircleRole; organization: string; phone: string }[] = [
  { role: "power", organization: "国网太原供电公司", phone: "95598" },
  { role: "gas", organization: "太原天然气有限公司", phone: "0351-96666" },
  { role: "heating", organization: "太原市热力集团", phone: "0351-96655" },
  { role: "water", organization: "太原供水集团", phone: "0351-96677" },
];

const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];
const HOURS: OpeningHours[] = [
  [{ days: EVERY_DAY, opens: "08:00", closes: "20:00" }],
  [
    { days: [1, 2, 3, 4, 5], opens: "08:30", closes: "18:00" },
    { days: [6, 7], opens: "09:00", closes: "17:00" },
  ],
  [{ days: EVERY_DAY, opens: "07:30", closes: "21:00" }],
];

// From the article: Tongxianyuan's first grid, its chief and worker, and what its station offers.
const ARTICLE_PEOPLE: Record<string, string> = { "jh0501/grid_chief": "黄瑞", "jh0501/grid_worker": "崔丽" };
const JH0501V_SERVICES: StationService[] = [
  "social_security_agency",
  "social_assistance_agency",
  "disability_services",
  "small_repairs",
  "tea_water",
  "phone_charging",
];

// Fixed so that two runs produce identical rows.
const CREATED = new Date("2026-01-01T00:00:00Z");
const stamp = { createdAt: CREATED, updatedAt: CREATED };

const pad = (n: number) => String(n).padStart(2, "0");

interface Shape {
  streets: number;
  communitiesPerStreet: number[];
  gridsPerCommunity: number[];
  microGridsPerGrid: number[];
  secondStationGrids: Set<number>;
}

function demoShape(): Shape {
  // One street (Jianhe) with five communities; community 05 is Tongxianyuan, home of JH0501V.
  return {
    streets: 1,
    communitiesPerStreet: [5],
    gridsPerCommunity: [2, 1, 1, 1, 3],
    microGridsPerGrid: [3, 3, 2, 2, 2, 7, 4, 3],
    secondStationGrids: new Set([5]),
  };
}

function districtShape(random: Random): Shape {
  const s = DISTRICT_SIZES;
  const communitiesPerStreet = spread(s.communities, s.streets, 8, random);
  const gridsPerCommunity = spread(s.grids, s.communities, 3, random);
  const microGridsPerGrid = spread(s.microGrids, s.grids, 6, random);
  const secondStationGrids = new Set<number>();
  while (secondStationGrids.size < s.stations - s.grids) secondStationGrids.add(random.int(0, s.grids - 1));
  return { streets: s.streets, communitiesPerStreet, gridsPerCommunity, microGridsPerGrid, secondStationGrids };
}

/** The whole directory of a scale, deterministically. */
export function generateDirectory(scale: Scale): Directory {
  const random = createRandom(SEED);
  const shape = scale === "demo" ? demoShape() : districtShape(random);
  const out: Directory = { areas: [], departments: DEPARTMENTS, stations: [], contacts: [], staff: [] };
  const phones = new Set<string>();
  const communityNames = new Set<string>(["同心园社区"]);

  const addContact = (areaId: string, role: CircleRole, name: string, phone: string, organization: string | null) =>
    out.contacts.push({ areaId, role, name, phone, organization, ...stamp });
  const addStaff = (
    role: StaffRole,
    name: string,
    phone: string,
    areaId: string | null,
    areaPath: string | null,
    departmentId: string | null = null,
  ) => out.staff.push({ role, name, phone, areaId, areaPath, departmentId, ...stamp });
  // Sign-in numbers come from a stream of their own, so the published numbers stay as they were.
  const signIns = createRandom(SEED + 1);
  /**
   * A person who is both in the circle and on the staff (the grid team). The circle publishes
   * their work number; they sign in with another: knowing a poster's number is no sign-in name.
   */
  const person = (role: CircleRole & StaffRole, areaId: string, areaPath: string, organization: string) => {
    const drawn = personName(random);
    const name = ARTICLE_PEOPLE[`${areaId}/${role}`] ?? drawn;
    addContact(areaId, role, name, mobile(random, phones), organization);
    addStaff(role, name, mobile(signIns, phones), areaId, areaPath);
  };

  const districtPath = "/xhl/";
  out.areas.push({
    id: "xhl",
    parentId: null,
    level: "district",
    name: "杏花岭区",
    nameEn: "Xinghualing District",
    path: districtPath,
    ...stamp,
  });
  for (const utility of UTILITIES) addContact("xhl", utility.role, "服务热线", utility.phone, utility.organization);
  addStaff("district_dispatcher", personName(random), mobile(random, phones), "xhl", districtPath);
  for (const dept of DEPARTMENTS) addStaff("department_officer", personName(random), mobile(random, phones), null, null, dept.id);

  let communityIndex = 0;
  let gridIndex = 0;
  for (let s = 0; s < shape.streets; s++) {
    const street = STREETS[s]!;
    const streetPath = `${districtPath}${street.id}/`;
    out.areas.push({
      id: street.id,
      parentId: "xhl",
      level: "street",
      name: street.name,
      nameEn: street.nameEn,
      path: streetPath,
      ...stamp,
    });
    addContact(street.id, "law_enforcement", personName(random), mobile(random, phones), `${street.name}综合行政执法队`);
    addContact(street.id, "safety_supervision", personName(random), mobile(random, phones), `${street.name}应急管理办`);
    addContact(street.id, "market_supervision", personName(random), mobile(random, phones), `${street.name}市场监管所`);
    addStaff("street_officer", personName(random), mobile(random, phones), street.id, streetPath);

    for (let c = 1; c <= shape.communitiesPerStreet[s]!; c++, communityIndex++) {
      const communityId = `${street.id}${pad(c)}`;
      const communityPath = `${streetPath}${communityId}/`;
      const name = street.id === "jh" && c === 5 ? "同心园社区" : communityName(random, communityNames);
      out.areas.push({ id: communityId, parentId: street.id, level: "community", name, nameEn: null, path: communityPath, ...stamp });
      addContact(communityId, "community_secretary", personName(random), mobile(random, phones), `${name}党委`);
      addContact(
        communityId,
        "community_police",
        personName(random),
        mobile(random, phones),
        `${street.name.replace(/街道|乡/, "")}派出所`,
      );
      addContact(communityId, "legal_consultant", personName(random), mobile(random, phones), "杏花岭区法律援助中心");
      addStaff("community_staff", personName(random), mobile(random, phones), communityId, communityPath);

      for (let g = 1; g <= shape.gridsPerCommunity[communityIndex]!; g++, gridIndex++) {
        const gridId = `${communityId}${pad(g)}`;
        const gridPath = `${communityPath}${gridId}/`;
        const households = random.int(300, 500);
        out.areas.push({
          id: gridId,
          parentId: communityId,
          level: "grid",
          name: `${name}第${g}网格`,
          nameEn: null,
          path: gridPath,
          households,
          ...stamp,
        });
        person("grid_chief", gridId, gridPath, `${name}居委会`);
        person("grid_worker", gridId, gridPath, `${name}居委会`);

        const microGrids = shape.microGridsPerGrid[gridIndex]!;
        for (let m = 1; m <= microGrids; m++) {
          const microId = `${gridId}-${pad(m)}`;
          const microPath = `${gridPath}${microId}/`;
          out.areas.push({
            id: microId,
            parentId: gridId,
            level: "micro_grid",
            name: `${m}号楼`,
            nameEn: null,
            path: microPath,
            households: Math.round(households / microGrids),
            ...stamp,
          });
          person("grid_assistant", microId, microPath, `${name}第${g}网格`);
        }

        const letters = shape.secondStationGrids.has(gridIndex) ? ["V", "W"] : ["V"];
        for (const letter of letters) {
          const code = `${gridId.toUpperCase()}${letter}`;
          const drawnServices = STATION_SERVICES.filter(() => random.next() < 0.5);
          out.stations.push({
            code,
            name: `${name}第${g}网格党群服务微站${letter === "W" ? "（二）" : ""}`,
            nameEn: null,
            gridId,
            areaPath: gridPath,
            address: streetAddress(random),
            lat: 37.87 + random.next() * 0.06,
            lng: 112.55 + random.next() * 0.06,
            openingHours: random.pick(HOURS),
            services: code === "JH0501V" ? JH0501V_SERVICES : drawnServices,
            ...stamp,
          });
        }
      }
    }
  }
  return out;
}

export function countsOf(directory: Directory) {
  const byLevel = (level: string) => directory.areas.filter((a) => a.level === level).length;
  return {
    streets: byLevel("street"),
    communities: byLevel("community"),
    grids: byLevel("grid"),
    microGrids: byLevel("micro_grid"),
    stations: directory.stations.length,
    contacts: directory.contacts.length,
    departments: directory.departments.length,
    staff: directory.staff.length,
  };
}
