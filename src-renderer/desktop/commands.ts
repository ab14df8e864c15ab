import type { Route, ShellCommand } from '../../src-preload/shell';
import type { OperatorSection, ParticipantSection } from '../stores/preferences';
import { usePreferences } from '../stores/preferences';

/** Each screen by name, for the palette and for checking the sections links and notifications name. */
export const OPERATOR_SECTIONS: Record<OperatorSection, string> = {
  instruments: 'Instruments',
  participants: 'Participants',
  markets: 'Markets',
  rosters: 'Rosters',
  sweeps: 'Sweeps',
  calls: 'Calls',
  endpoints: 'Endpoints',
  audit: 'Audit log',
};

export const PARTICIPANT_SECTIONS: Record<ParticipantSection, string> = {
  trading: 'Trading',
  consumption: 'Consumption',
  'consumption-api': 'Consumption API',
  inventory: 'Inventory',
  endpoints: 'Model endpoints',
  delivery: 'Delivery',
  keys: 'API keys',
};

/** Opens a route's workspace and section; an unknown section opens the workspace only. */
export function navigate(route: Route): void {
  const preferences = usePreferences.getState();
  preferences.setWorkspace(route.workspace);
  const { section } = route;
  if (section === undefined) return;
  if (route.workspace === 'operator') {
    if (section in OPERATOR_SECTIONS) preferences.setOperatorSection(section as OperatorSection);
  } else if (section in PARTICIPANT_SECTIONS) {
    preferences.setParticipantSection(section as ParticipantSection);
  }
}

/** The trading desk of the current role (a consumer's, from the operator workspace) with the ticket focused. */
export function openTicket(): void {
  const { workspace } = usePreferences.getState();
  navigate({ workspace: workspace === 'operator' ? 'consumer' : workspace, section: 'trading' });
  // The desk renders after the state change: wait for the ticket's first field, for up to a second.
  let tries = 0;
  const focus = () => {
    const field = document.querySelector<HTMLElement>(
      'form[aria-label="Order ticket"] input:not([disabled])',
    );
    if (field) field.focus();
    else if (tries++ < 20) window.setTimeout(focus, 50);
  };
  window.setTimeout(focus, 0);
}

export type CommandHandlers = Record<Exclude<ShellCommand['kind'], 'navigate'>, () => void>;

export function runCommand(command: ShellCommand, handlers: CommandHandlers): void {
  if (command.kind === 'navigate') navigate(command.route);
  else handlers[command.kind]();
}
