import { Hono } from 'hono';
import { SweepHistoryQuery, SweepScheduleBody } from '../../src-preload/contract-lifecycle';
import { RegistrationsQuery, ReviewBody } from '../../src-preload/contract-supply';
import type { Operations } from '../service/operations';
import { readJson } from './http-utils';
import { parseOrThrow } from './validation';
import { operatorAuth } from './operator-auth';

/**
 * The operator's sweep and supply endpoints, to mount under /v1/admin beside `adminRoutes`:
 * `GET/PUT /sweep-schedule`, `POST /sweeps` (run one now), `GET /sweeps` (history, newest first),
 * `GET /supply-registrations` (declared capacity and its review), and
 * `PUT /supply-registrations/{participant_id}/{instrument_id}` (approve or revoke).
 * Authenticated by the operator's bearer token like the rest of /v1/admin.
 */
export function lifecycleAdminRoutes(ops: Operations): Hono {
  const app = new Hono();
  const life = ops.lifecycle;
  const supply = ops.supply;
  const operatorId = () => ops.service.operator()!.participant_id;

  app.use('*', operatorAuth(ops));

  app.get('/sweep-schedule', (c) => c.json({ data: life.sweepSchedule() }));
  app.put('/sweep-schedule', async (c) => {
    const body = parseOrThrow(SweepScheduleBody, await readJson(c));
    return c.json({ data: await life.setSweepSchedule(body, operatorId()) });
  });
  app.post('/sweeps', async (c) => c.json({ data: await life.runSweepNow(operatorId()) }, 201));
  app.get('/sweeps', (c) => c.json({ data: life.sweeps(parseOrThrow(SweepHistoryQuery, c.req.query())) }));
  app.get('/supply-registrations', (c) =>
    c.json({ data: supply.registrations(parseOrThrow(RegistrationsQuery, c.req.query())) }),
  );
  app.put('/supply-registrations/:participant_id/:instrument_id', async (c) => {
    const { participant_id, instrument_id } = parseOrThrow(
      RegistrationsQuery.required({ participant_id: true, instrument_id: true }).omit({ status: true }),
      c.req.param(),
    );
    const body = parseOrThrow(ReviewBody, await readJson(c));
    return c.json({ data: await supply.review(participant_id, instrument_id, body, operatorId()) });
  });
  return app;
}
