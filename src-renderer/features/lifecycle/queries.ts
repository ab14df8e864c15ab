import type {
  AutoModeView,
  ConsumptionAccountView,
  FundedLotView,
  IssuanceAccountView,
  LiabilityHistoryView,
  LotExpiryView,
  LotView,
  SupplierLiabilityView,
  SweepScheduleView,
  SweepView,
  TopUpView,
  TransferView,
} from '../../../src-preload/contract-lifecycle';
import type { IssuanceView, SupplyRegistrationView } from '../../../src-preload/contract-supply';
import { useLive } from '../../stores/live';
import type { Live } from '../../stores/live';

/** Rows in each lifecycle history (the contract's maximum page). */
const LIST_LIMIT = 100;

/** A consumer's Consumption accounts, with used-up and expired Lots too (the history needs them). */
export function useConsumptionAccounts(participantId: string): Live<ConsumptionAccountView[]> {
  return useLive(`consumption:${participantId}`, (client) =>
    client.call('consumption.accounts', { participant_id: participantId, include_finished: true }),
  );
}

export function useTransfers(participantId: string): Live<TransferView[]> {
  return useLive(`transfers:${participantId}`, (client) =>
    client.call('transfers.list', { participant_id: participantId, limit: LIST_LIMIT }),
  );
}

/** Every live Lot across the exchange, nearest expiry first. */
export function useLiveLots(): Live<LotView[]> {
  return useLive('lots:live', (client) => client.call('lots.live', {}));
}

/** Lot expiries of one participant, or across the exchange when `participantId` is null. */
export function useExpiries(participantId: string | null): Live<LotExpiryView[]> {
  return useLive(`expiries:${participantId ?? '*'}`, (client) =>
    client.call(
      'lots.expiries',
      participantId ? { participant_id: participantId, limit: LIST_LIMIT } : { limit: LIST_LIMIT },
    ),
  );
}

export function useAutoMode(participantId: string): Live<AutoModeView[]> {
  return useLive(`auto-mode:${participantId}`, (client) =>
    client.call('autoMode.get', { participant_id: participantId }),
  );
}

export function useTopUps(participantId: string): Live<TopUpView[]> {
  return useLive(`top-ups:${participantId}`, (client) =>
    client.call('autoMode.topUps', { participant_id: participantId, limit: LIST_LIMIT }),
  );
}

export function useIssuanceAccounts(participantId: string): Live<IssuanceAccountView[]> {
  return useLive(`issuance:${participantId}`, (client) =>
    client.call('issuance.accounts', { participant_id: participantId }),
  );
}

export function useLiability(participantId: string): Live<SupplierLiabilityView[]> {
  return useLive(`liability:${participantId}`, (client) =>
    client.call('suppliers.liability', { participant_id: participantId }),
  );
}

/** A supplier's outstanding liability over time, per instrument. */
export function useLiabilityHistory(participantId: string): Live<LiabilityHistoryView[]> {
  return useLive(`liability-history:${participantId}`, (client) =>
    client.call('suppliers.liabilityHistory', { participant_id: participantId }),
  );
}

/** The live Lots a supplier's Units fund, with its share of each. */
export function useFundedLots(participantId: string): Live<FundedLotView[]> {
  return useLive(`funded-lots:${participantId}`, (client) =>
    client.call('suppliers.fundedLots', { participant_id: participantId }),
  );
}

/** Declared supply capacity and its review: one supplier's, or every one when `participantId` is null. */
export function useSupplyRegistrations(participantId: string | null): Live<SupplyRegistrationView[]> {
  return useLive(`supply:${participantId ?? '*'}`, (client) =>
    client.call('supply.registrations', participantId ? { participant_id: participantId } : {}),
  );
}

export function useIssuances(participantId: string): Live<IssuanceView[]> {
  return useLive(`issuances:${participantId}`, (client) =>
    client.call('supply.issuances', { participant_id: participantId, limit: LIST_LIMIT }),
  );
}

export function useSweepSchedule(): Live<SweepScheduleView> {
  return useLive('sweep-schedule', (client) => client.call('sweeps.getSchedule', {}));
}

export function useSweeps(): Live<SweepView[]> {
  return useLive('sweeps', (client) => client.call('sweeps.list', { limit: LIST_LIMIT }));
}
