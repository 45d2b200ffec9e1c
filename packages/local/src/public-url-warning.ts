import { networkInterfaces } from "node:os";

/** Host names a link to which opens only on this computer (0.0.0.0 is no address to open at all). */
const LOCAL_ONLY = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|0\.0\.0\.0|\[::\])$/i;
/** Listening addresses other devices cannot reach. */
const LOOPBACK_LISTEN = /^(localhost|127(\.\d{1,3}){3}|::1)$/i;
/** An IPv4 address in the link: a trial in a local network (a real site has a name behind a proxy). */
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** IPv4 addresses of this computer in its local networks (what a phone on the same Wi-Fi reaches). */
export function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === "IPv4" && !a.internal)
    .map((a) => a!.address);
}

/**
 * What `npm start` says when the links it hands out would not work for a parent: slips, QR codes,
 * CSV links and PDFs carry PUBLIC_BASE_URL, so with `localhost` they open only on this computer;
 * and a LAN address is no use while the server listens on 127.0.0.1 only. Undefined: nothing to say.
 */
export function publicUrlWarning(opts: {
  publicBaseUrl: string;
  /** HOST the server listens on. */
  host: string;
  port: number;
  lan: string[];
}): string | undefined {
  const { hostname } = new URL(opts.publicBaseUrl);
  const example = `http://${opts.lan[0] ?? "192.168.1.10"}:${opts.port}`;
  const command = `HOST=0.0.0.0 PUBLIC_BASE_URL=${example} npm start`;
  const where = opts.lan.length
    ? `Адреса этого компьютера в локальной сети: ${opts.lan.join(", ")}.`
    : "Адрес этого компьютера в локальной сети покажет `ip addr` (Linux), `ipconfig` (Windows) или настройки Wi-Fi.";
  if (LOCAL_ONLY.test(hostname)) {
    return [
      `Внимание: ссылки для родителей, QR-коды на листках и в PDF ведут на ${opts.publicBaseUrl} —`,
      "с телефона родителя они не откроются. Для пробы с телефонами в той же сети запустите так:",
      `  ${command}`,
      where,
      "Уже выданные документы сохранят прежний адрес в QR-коде. Для настоящей работы PUBLIC_BASE_URL —",
      "адрес сайта колледжа по HTTPS.",
    ].join("\n");
  }
  if (IPV4.test(hostname) && LOOPBACK_LISTEN.test(opts.host)) {
    return [
      `Внимание: ссылки ведут на ${opts.publicBaseUrl}, но сервис слушает только ${opts.host}:`,
      "с других устройств он недоступен. Запустите с HOST=0.0.0.0, например:",
      `  HOST=0.0.0.0 PUBLIC_BASE_URL=${opts.publicBaseUrl} npm start`,
    ].join("\n");
  }
  return undefined;
}
