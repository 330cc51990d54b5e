import type { Random } from "./random.ts";

// Common surnames and given-name characters, for plausible (fictional) people.
const SURNAMES =
  "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文";
const GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌海波宁欣怡晨阳春梅俊峰金生瑞利慧琴云凤晓东雪亮";

export function personName(random: Random): string {
  const surname = random.pick([...SURNAMES]);
  const given = random.next() < 0.35 ? random.pick([...GIVEN]) : random.pick([...GIVEN]) + random.pick([...GIVEN]);
  return surname + given;
}

const COMMUNITY_HEADS = [
  "同心",
  "建设",
  "胜利",
  "新华",
  "和平",
  "光明",
  "东风",
  "解放",
  "五一",
  "迎泽",
  "北城",
  "坝陵",
  "柏杨",
  "桃园",
  "涧河",
  "三桥",
  "杏花",
  "鼓楼",
  "巨轮",
  "敦化",
  "青年",
  "红旗",
  "前进",
  "文化",
  "育才",
  "阳光",
  "锦绣",
  "幸福",
  "安居",
  "康乐",
  "兴华",
  "富民",
  "长青",
  "翠苑",
  "丰泽",
  "金桥",
  "晋阳",
  "汾河",
];
const COMMUNITY_TAILS = ["园", "里", "苑", "路", "街", "新村", "东区", "西区", "北区", "南区", "花园", "家园"];

/** Distinct community names; `taken` is shared across a district so no two repeat. */
export function communityName(random: Random, taken: Set<string>): string {
  for (let attempt = 0; attempt < 50; attempt++) {
    const name = `${random.pick(COMMUNITY_HEADS)}${random.pick(COMMUNITY_TAILS)}社区`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
  const fallback = `第${taken.size + 1}社区`;
  taken.add(fallback);
  return fallback;
}

const ROADS = [
  "胜利街",
  "新建路",
  "府东街",
  "解放路",
  "五一路",
  "北大街",
  "建设北路",
  "坝陵南街",
  "柏杨树街",
  "杏花岭街",
  "敦化南路",
  "涧河路",
];

export function streetAddress(random: Random): string {
  return `太原市杏花岭区${random.pick(ROADS)}${random.int(1, 399)}号`;
}

/** A fictional mainland mobile number, unique through `taken`. */
export function mobile(random: Random, taken: Set<string>): string {
  for (;;) {
    const number = `1${random.pick(["35", "36", "37", "38", "39", "50", "51", "52", "58", "59", "86", "87", "88"])}${String(random.int(0, 99_999_999)).padStart(8, "0")}`;
    if (!taken.has(number)) {
      taken.add(number);
      return number;
    }
  }
}
