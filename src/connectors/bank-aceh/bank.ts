import type {
  BillRef,
  CallOptions,
  InquiryAnswer,
  MessageRef,
  PaymentAnswer,
  PaymentRequest,
  ReversalAnswer,
  TaxPaymentBank,
} from '../../payments/bank-port';
import type { SendOptions } from './channel';
import type { Iso8583Message } from './iso8583/codec';
import {
  inquiryRequest,
  parseInquiryAnswer,
  parsePaymentAnswer,
  parseReversalAnswer,
  paymentRequest,
  reversalRequest,
  type LinkIdentity,
} from './messages';

/** The part of `BankChannel` the link needs (one request, one answer). */
export interface MessageTransport {
  send(request: Iso8583Message, options: SendOptions): Promise<Iso8583Message>;
}

/**
 * Bank Aceh's PBB-P2 host-to-host link as the payment service's `TaxPaymentBank`: one ISO 8583
 * message per call over the shared channel, never retried here (the service decides, from its
 * ledger, whether to reverse or repeat).
 */
export class BankAcehLink implements TaxPaymentBank {
  constructor(
    private readonly transport: MessageTransport,
    private readonly identity: LinkIdentity,
  ) {}

  async inquire(bill: BillRef, ref: MessageRef, options: CallOptions): Promise<InquiryAnswer> {
    const answer = await this.transport.send(inquiryRequest(bill, ref, this.identity), options);
    return parseInquiryAnswer(answer);
  }

  async pay(
    bill: BillRef,
    payment: PaymentRequest,
    ref: MessageRef,
    options: CallOptions,
  ): Promise<PaymentAnswer> {
    const answer = await this.transport.send(
      paymentRequest(bill, payment, ref, this.identity),
      options,
    );
    return parsePaymentAnswer(answer);
  }

  async reverse(
    bill: BillRef,
    original: { ref: MessageRef; payment: PaymentRequest },
    ref: MessageRef,
    repeat: boolean,
    options: CallOptions,
  ): Promise<ReversalAnswer> {
    const request = reversalRequest(bill, original, ref, this.identity, repeat);
    const answer = await this.transport.send(request, options);
    return parseReversalAnswer(answer, repeat);
  }
}
