/** Bank Aceh PBB-P2 host-to-host link over ISO 8583 (BJB v1.7 profile). */
export { BankAcehLink, type MessageTransport } from './bank';
export {
  BankChannel,
  type BackoffOptions,
  type BankChannelOptions,
  type ChannelLogger,
  type ChannelState,
  type SendOptions,
} from './channel';
export { SYSTEM_CLOCK, type ChannelClock } from './clock';
export { type LinkIdentity, PROCESSING_CODE, NETWORK_FUNCTION } from './messages';
export * as iso8583 from './iso8583';
