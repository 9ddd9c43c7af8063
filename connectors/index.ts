import { amazonConnectCtr } from './amazon-connect-ctr';
import { crmOrders } from './crm-orders';
import { hrEmployees } from './hr-employees';
import { hrOrgUnits } from './hr-org-units';
import { qaEvaluations } from './qa-evaluations';
import { Connector } from './sdk';
import { surveys } from './surveys';
import { wfmAdherence } from './wfm-adherence';

export * from './sdk';

/** Every connector `switchboard ingest` knows. A new connector is one folder and one line here. */
export const connectors: readonly Connector<any>[] = [ // eslint-disable-line @typescript-eslint/no-explicit-any
  hrOrgUnits,
  hrEmployees,
  amazonConnectCtr,
  crmOrders,
  qaEvaluations,
  surveys,
  wfmAdherence,
];

export function findConnector(name: string): Connector<unknown> | undefined {
  return connectors.find((c) => c.name === name);
}

export function connectorNames(): string[] {
  return connectors.map((c) => c.name);
}
