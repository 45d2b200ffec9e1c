import type { ChildProcess } from "node:child_process";

/** A store running as a child process (DynamoDB Local, s3rver). */
export interface SupervisedStore {
  endpoint: string;
  port: number;
  process: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

export interface SupervisorOptions {
  /** How the console names it: «Хранилище DynamoDB Local». */
  name: string;
  /** Starts the store again on the same port with the same data. */
  restart(port: number): Promise<SupervisedStore>;
  /** Restarts in a row that may fail, and crashes within `crashWindowMs`, before giving up. */
  attempts?: number;
  /** The first wait before a restart; it doubles with every failed one. */
  baseDelayMs?: number;
  crashWindowMs?: number;
  log(line: string): void;
  /** Called once when the store cannot be brought back: the runtime stops with the message. */
  giveUp(message: string): void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const firstLine = (error: unknown) => String((error as Error)?.message ?? error).split("\n")[0];
const seconds = (ms: number) => `${Math.round(ms / 100) / 10} с`;

/**
 * Watches a store's process and, when it dies while the service runs, starts it again on the same
 * port with the same data folder (the service's clients keep their endpoint), waiting 1, 2, 4… s
 * between attempts and saying each step on the console. After `attempts` failed restarts in a row,
 * or as many crashes within `crashWindowMs`, it gives up with a clear message instead of leaving the
 * service answering 503 to everything.
 */
export function supervise(first: SupervisedStore, opts: SupervisorOptions) {
  const attempts = opts.attempts ?? 5;
  const baseDelayMs = opts.baseDelayMs ?? 1000;
  const crashWindowMs = opts.crashWindowMs ?? 10 * 60_000;
  const crashes: number[] = [];
  let current = first;
  let stopping = false;

  const watch = (store: SupervisedStore) => {
    void store.exited.then(({ code, signal }) => {
      if (!stopping && store === current) void recover(store, code, signal);
    });
  };

  async function recover(dead: SupervisedStore, code: number | null, signal: NodeJS.Signals | null) {
    const now = Date.now();
    crashes.push(now);
    while (crashes.length > 0 && crashes[0]! < now - crashWindowMs) crashes.shift();
    const how = signal ? `сигнал ${signal}` : `код выхода ${code}`;
    if (crashes.length > attempts) {
      stopping = true;
      opts.giveUp(
        `${opts.name} остановилось (${how}) уже ${crashes.length} раз за ${Math.round(crashWindowMs / 60_000)} мин. Сервис остановлен: без хранилища он отвечал бы 503 на любой запрос. Проверьте сообщения выше и свободное место на диске, затем запустите npm start снова.`,
      );
      return;
    }
    opts.log(
      `${opts.name} остановилось (${how}). Перезапускаю на том же порту ${dead.port} с теми же данными…`,
    );
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const delay = baseDelayMs * 2 ** (attempt - 1);
      await sleep(delay);
      if (stopping) return;
      try {
        current = await opts.restart(dead.port);
        opts.log(`${opts.name} снова работает: ${current.endpoint} (попытка ${attempt} из ${attempts}).`);
        watch(current);
        return;
      } catch (error) {
        const next = attempt < attempts ? `; следующая через ${seconds(delay * 2)}` : "";
        opts.log(
          `${opts.name}: перезапуск не удался (попытка ${attempt} из ${attempts}): ${firstLine(error)}${next}`,
        );
      }
    }
    stopping = true;
    opts.giveUp(
      `${opts.name} не удалось перезапустить (${attempts} попыток подряд). Сервис остановлен: без хранилища он отвечал бы 503 на любой запрос. Проверьте сообщения выше (занят ли порт ${dead.port}, есть ли место на диске), затем запустите npm start снова.`,
    );
  }

  watch(first);
  return {
    current: () => current,
    async stop() {
      stopping = true;
      await current.stop();
    },
  };
}
