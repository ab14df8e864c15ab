import { Hono } from 'hono';
import {
  AuditQuery,
  CreateParticipantBody,
  ParticipantId,
  UsdAdjustmentBody,
} from '../../src-preload/contract';
import { RegisterSigningKeyBody } from '../../src-preload/contract-api-keys';
import { ExchangeError } from '../service/errors';
import type { Operations } from '../service/operations';
import { readJson } from './http-utils';
import { parseOrThrow } from './validation';
import { operatorAuth } from './operator-auth';
import { referencePriceView } from '../service/market-data';

/** The operator's HTTP API under /v1/admin, authenticated by the operator's bearer token. */
export function adminRoutes(ops: Operations): Hono {
  const app = new Hono();
  const operatorId = () => ops.service.operator()!.participant_id;
  const participantId = (raw: string) => {
    if (!ParticipantId.safeParse(raw).success) throw new ExchangeError(404, `participant ${raw} not found`);
    return raw;
  };

  app.use('*', operatorAuth(ops));

  app.post('/participants', async (c) => {
    const body = parseOrThrow(CreateParticipantBody, await readJson(c));
    const participant = await ops.createParticipant(body, operatorId());
    return c.json({ data: participant }, 201);
  });
  app.get('/participants', (c) => c.json({ data: ops.participants() }));
  app.get('/participants/:id', (c) => c.json({ data: ops.participant(participantId(c.req.param('id'))) }));
  app.post('/participants/:id/usd-adjustments', async (c) => {
    const id = participantId(c.req.param('id'));
    const body = parseOrThrow(UsdAdjustmentBody, await readJson(c));
    const adjustment = await ops.adjustUsd(id, body, operatorId());
    return c.json({ data: adjustment }, 201);
  });
  app.post('/participants/:id/suspend', async (c) => {
    const id = participantId(c.req.param('id'));
    return c.json({ data: await ops.setStatus(id, 'suspended', operatorId()) });
  });
  app.post('/participants/:id/resume', async (c) => {
    const id = participantId(c.req.param('id'));
    return c.json({ data: await ops.setStatus(id, 'active', operatorId()) });
  });
  // Registers a participant's Ed25519 public key for the signed Trading API.
  app.post('/participants/:id/signing-keys', async (c) => {
    const id = participantId(c.req.param('id'));
    const body = parseOrThrow(RegisterSigningKeyBody, await readJson(c));
    const key = await ops.keys.register(id, body, operatorId());
    return c.json({ data: key }, 201);
  });
  app.get('/audit', (c) => c.json({ data: ops.audit(parseOrThrow(AuditQuery, c.req.query())) }));
  // Publishes every instrument's Reference Price now (they also publish at each 4-hour boundary).
  app.post('/reference-prices', async (c) => {
    const prices = await ops.referencePrices.publish(operatorId());
    const instruments = ops.service.engine.state.instruments;
    return c.json({ data: prices.map((p) => referencePriceView(instruments.get(p.instrument_id)!, p)) }, 201);
  });
  return app;
}
