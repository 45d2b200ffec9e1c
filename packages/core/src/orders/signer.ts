import type { Actor } from "../audit/types.js";
import type { Signatory } from "../documents/types.js";
import type { Services } from "../services.js";
import { StaffRepository } from "../staff/staff-repository.js";

/**
 * Who signs an order and who prepared it. The order is signed by the director who presses
 * «Подписать приказ»: the name in the «Подпись» requisite is that person's (from their staff record),
 * since the simple electronic signature in the service is theirs — printing a configured name while
 * someone else signed would misstate the signer. The position is the head's position of the
 * organisation (ORG_DIRECTOR_POSITION), as the charter names it. Without a staff actor (seed, tools)
 * the configured director (ORG_DIRECTOR_NAME) is printed and no personal signature is claimed.
 *
 * The отметка об исполнителе (ГОСТ Р 7.0.97: the executor's name and phone) names the same person:
 * in the service the order's draft is prepared by whoever issues it; their work phone comes from
 * their staff record.
 */
export interface OrderSigning {
  signer: { name: string; position: string };
  executor?: { name: string; phone?: string };
  signatory?: Signatory;
}

export async function orderSigning(services: Services, actor: Actor): Promise<OrderSigning> {
  const { org } = services.config;
  const member = actor.type === "staff" ? await new StaffRepository(services).get(actor.id) : undefined;
  if (!member) return { signer: { name: org.directorName, position: org.directorPosition } };
  return {
    signer: { name: member.fullName, position: org.directorPosition },
    executor: { name: member.fullName, ...(member.phone ? { phone: member.phone } : {}) },
    signatory: {
      fullName: member.fullName,
      position: org.directorPosition,
      method: "staff-session",
      signedAt: services.now().toISOString(),
    },
  };
}
