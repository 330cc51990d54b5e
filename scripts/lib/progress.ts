/**
 * A progress line for long scripts: rewritten in place on a terminal, one line per 10 % elsewhere
 * (CI logs stay readable).
 */
export function progressLine(label: string) {
  const tty = process.stdout.isTTY;
  let lastTenth = -1;
  const update = (done: number, total: number, detail = "") => {
    const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
    const text = `${label}: ${done.toLocaleString("en")}/${total.toLocaleString("en")} (${percent}%) ${detail}`;
    if (tty) {
      process.stdout.write(`\r${text.padEnd(78)}`);
    } else if (Math.floor(percent / 10) > lastTenth) {
      lastTenth = Math.floor(percent / 10);
      console.log(text);
    }
  };
  return Object.assign(update, { done: () => tty && process.stdout.write("\n") });
}
