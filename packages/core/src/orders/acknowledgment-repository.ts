import type { Services } from "../services.js";
import { orderAckKey, orderAckPk, orderAckSheetKey } from "./keys.js";
import type { OrderAcknowledgment, OrderAcknowledgmentSheet } from "./types.js";

type Stored<T> = T & { pk: string; sk: string };
const strip = <T>({ pk: _pk, sk: _sk, ...rest }: Stored<T>) => rest as unknown as T;

/** Storage of the acknowledgments of orders and of each order's sheet (acknowledgments.ts writes them). */
export class OrderAcknowledgmentRepository {
  constructor(private readonly services: Services) {}

  private get orgId() {
    return this.services.config.orgId;
  }

  async get(orderId: string, staffId: string): Promise<OrderAcknowledgment | undefined> {
    const item = await this.services.db.get<Stored<OrderAcknowledgment>>(
      orderAckKey(this.orgId, orderId, staffId),
      true,
    );
    return item ? strip(item) : undefined;
  }

  /** Every acknowledgment of an order (consistent: the sheet written next must list them all). */
  async list(orderId: string): Promise<OrderAcknowledgment[]> {
    const items = await this.services.db.query<Stored<OrderAcknowledgment>>({
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :staff)",
      ExpressionAttributeValues: { ":pk": orderAckPk(this.orgId, orderId), ":staff": "STAFF#" },
      ConsistentRead: true,
    });
    return items.map((i) => strip(i));
  }

  async sheet(orderId: string): Promise<OrderAcknowledgmentSheet | undefined> {
    const item = await this.services.db.get<Stored<OrderAcknowledgmentSheet>>(
      orderAckSheetKey(this.orgId, orderId),
      true,
    );
    return item ? strip(item) : undefined;
  }
}
