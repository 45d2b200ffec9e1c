import { describe, expect, it } from "vitest";
import { publicUrlWarning } from "../../packages/local/src/public-url-warning.js";

/** `npm start` warns when the links it hands out would open only on this computer. */
describe("the localhost warning of npm start", () => {
  it("warns about localhost links and gives the command with this computer's LAN address", () => {
    const text = publicUrlWarning({
      publicBaseUrl: "http://localhost:3000",
      host: "127.0.0.1",
      port: 3000,
      lan: ["192.168.0.42", "10.0.0.5"],
    })!;
    expect(text).toContain("ведут на http://localhost:3000");
    expect(text).toContain("с телефона родителя они не откроются");
    expect(text).toContain("HOST=0.0.0.0 PUBLIC_BASE_URL=http://192.168.0.42:3000 npm start");
    expect(text).toContain("192.168.0.42, 10.0.0.5");
  });

  it("says how to find the address when it sees none, and knows 127.x and [::1] too", () => {
    for (const publicBaseUrl of ["http://127.0.0.1:8080", "http://[::1]:8080"]) {
      const text = publicUrlWarning({ publicBaseUrl, host: "127.0.0.1", port: 8080, lan: [] })!;
      expect(text).toContain("PUBLIC_BASE_URL=http://192.168.1.10:8080");
      expect(text).toContain("ipconfig");
    }
  });

  it("warns when the links name a LAN address but the server listens on loopback only", () => {
    const text = publicUrlWarning({
      publicBaseUrl: "http://192.168.0.42:3000",
      host: "127.0.0.1",
      port: 3000,
      lan: ["192.168.0.42"],
    })!;
    expect(text).toContain("слушает только 127.0.0.1");
    expect(text).toContain("HOST=0.0.0.0 PUBLIC_BASE_URL=http://192.168.0.42:3000 npm start");
  });

  it("says nothing for a LAN trial set up right or a real site", () => {
    const lan = { publicBaseUrl: "http://192.168.0.42:3000", host: "0.0.0.0", port: 3000, lan: [] };
    expect(publicUrlWarning(lan)).toBeUndefined();
    expect(
      publicUrlWarning({
        publicBaseUrl: "https://soglasie.chptk.ru",
        host: "127.0.0.1",
        port: 3000,
        lan: [],
      }),
    ).toBeUndefined();
  });
});
