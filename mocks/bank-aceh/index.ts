import type { MockModule } from '../core/module';
import { BankAcehMock, createBankAcehMock } from './server';

export { BankAcehMock, createBankAcehMock, type BankAcehMockOptions } from './server';
export { PbbBiller, BILLER_RC, type PaymentRecord } from './biller';
export { BANK_MESSAGE_TYPES, type BankFault, type BankMessageType } from './faults';
export type { SettlementRow, SettlementMismatch } from './settlement';

/**
 * Registration for `startMocks` (mocks/index.ts), over the data set BPKD serves (a payment
 * shows the year paid there). The gateway's settings: BANK_ACEH_HOST / BANK_ACEH_PORT (ISO 8583) and BANK_ACEH_ADMIN_URL (mock only).
 */
export const bankAcehMock: MockModule<'bank-aceh'> = {
  key: 'bank-aceh',
  create: (dataset, options) => createBankAcehMock(dataset, options),
  devEnv: (agency): Record<string, string> =>
    agency instanceof BankAcehMock
      ? {
          BANK_ACEH_HOST: agency.tcp.host,
          BANK_ACEH_PORT: String(agency.tcp.port),
          BANK_ACEH_ADMIN_URL: agency.url,
        }
      : {},
};
