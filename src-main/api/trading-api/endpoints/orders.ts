import { OrderId } from '../../../../src-preload/contract';
import { REJECTIONS } from '../../../engine/rejections';
import type { Order } from '../../../engine/orders';
import { ExchangeError } from '../../../service/errors';
import type { TradingApiContext } from '../context';
import { type Endpoint, empty, list, Reply, single } from '../endpoint';
import { numberAndId, paginate, viewPage } from '../pagination';
import {
  amendOrderRequest,
  placeOrderRequest,
  PublicAmendOrderBody,
  PublicPlaceOrderBody,
} from '../public-orders';
import { publicOrder, PublicOrderSchema as OrderSchema } from '../public-shapes';
import { CancelledSchema, CountSchema, MarketFilterQuery, OrdersQuery } from '../schemas';

/** Order ids that cannot exist are simply not found. */
const orderId = (raw: string) => {
  if (!OrderId.safeParse(raw).success)
    throw new ExchangeError(404, `order ${raw} not found`, REJECTIONS.order_not_found.code);
  return raw;
};

/** The participant's own orders: place, list, get, amend, cancel. Every action is recorded as theirs. */
export function orderEndpoints(api: TradingApiContext): Endpoint[] {
  const { ops, queries } = api;

  return [
    single({
      method: 'post',
      path: '/orders',
      summary: 'Place an order',
      description:
        'A retry with a client_order_id already used returns the first order (200) instead of placing another.',
      tag: 'Orders',
      auth: 'signed',
      body: PublicPlaceOrderBody,
      response: OrderSchema,
      status: 201,
      errors: [403, 404, 409, 422],
      handle: async ({ participantId, body: publicBody }) => {
        const result = await ops.placeOrder(participantId, placeOrderRequest(publicBody), participantId);
        // A retry with a client_order_id already used answers the first order, 200.
        return result.replayed ? new Reply(200, publicOrder(result.order)) : publicOrder(result.order);
      },
    }),
    list({
      method: 'get',
      path: '/orders',
      summary: "List the participant's orders",
      tag: 'Orders',
      auth: 'signed',
      query: OrdersQuery,
      response: OrderSchema,
      errors: [422],
      handle: ({ participantId, query }) => {
        const keyOf = (order: Order) => [order[query.order_by], order.order_id];
        const filter = {
          participantId,
          marketId: query.market_id,
          status: query.status,
          side: query.side,
          fromMs: query.from,
          toMs: query.to,
        };
        const page = paginate(query, keyOf, ({ after, direction, take }) =>
          queries.orders(filter, query.order_by, { after: numberAndId(after), direction, take }),
        );
        return viewPage(page, (order) => api.publicOrder(order));
      },
    }),
    single({
      method: 'get',
      path: '/orders/count',
      summary: 'Count open orders',
      tag: 'Orders',
      auth: 'signed',
      query: MarketFilterQuery,
      response: CountSchema,
      handle: ({ participantId, query }) => ({
        count: queries.openOrderCount(participantId, query.market_id),
      }),
    }),
    single({
      method: 'get',
      path: '/orders/:id',
      summary: 'Get an order',
      tag: 'Orders',
      auth: 'signed',
      params: { id: 'order_id' },
      response: OrderSchema,
      errors: [404],
      handle: ({ participantId, params }) => {
        const order = queries.order(participantId, orderId(params.id!));
        if (!order)
          throw new ExchangeError(404, `order ${params.id} not found`, REJECTIONS.order_not_found.code);
        return api.publicOrder(order);
      },
    }),
    single({
      method: 'put',
      path: '/orders/:id',
      summary: 'Amend an open order (a quantity decrease keeps time priority)',
      tag: 'Orders',
      auth: 'signed',
      params: { id: 'order_id' },
      body: PublicAmendOrderBody,
      response: OrderSchema,
      errors: [403, 404, 409, 422],
      handle: async ({ participantId, params, body }) =>
        publicOrder(
          (await ops.amendOrder(participantId, orderId(params.id!), amendOrderRequest(body), participantId))
            .order,
        ),
    }),
    empty({
      method: 'delete',
      path: '/orders/:id',
      summary: 'Cancel an open order',
      tag: 'Orders',
      auth: 'signed',
      params: { id: 'order_id' },
      errors: [404],
      handle: async ({ participantId, params }) => {
        await ops.cancelOrder(participantId, orderId(params.id!), participantId);
      },
    }),
    single({
      method: 'delete',
      path: '/orders',
      summary: "Cancel all the participant's open orders (optionally in one market)",
      tag: 'Orders',
      auth: 'signed',
      query: MarketFilterQuery,
      response: CancelledSchema,
      errors: [404],
      handle: ({ participantId, query }) => ops.cancelAll(participantId, query.market_id, participantId),
    }),
    single({
      method: 'delete',
      path: '/markets/:id/orders',
      summary: "Cancel all the participant's open orders in a market",
      tag: 'Orders',
      auth: 'signed',
      params: { id: 'market_id, or the instrument symbol' },
      response: CancelledSchema,
      errors: [404],
      handle: ({ participantId, params }) =>
        ops.cancelAll(participantId, api.market(params.id!).market_id, participantId),
    }),
  ];
}
