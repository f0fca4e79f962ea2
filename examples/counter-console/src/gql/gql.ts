/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation PayPropertyTax($input: PayPropertyTaxInput!) {\n    payPropertyTax(input: $input) {\n      paymentId\n      nop\n      officer\n      total\n      paidAt\n      cachePurged\n      lines {\n        year\n        principal\n        penalty\n        total\n        ntp\n        ntb\n        paidAt\n      }\n    }\n  }\n": typeof types.PayPropertyTaxDocument,
    "\n  query TaxObjectBills($nop: String!) {\n    taxObject(nop: $nop) {\n      id\n      bills(unpaidOnly: true) {\n        id\n        year\n        amount\n        penalty\n        totalDue\n        dueDate\n      }\n      outstandingTotal\n    }\n  }\n": typeof types.TaxObjectBillsDocument,
    "\n  query CitizenView($nik: String!) {\n    citizen(nik: $nik) {\n      id\n      nik\n      fullName\n      birthPlace\n      birthDate\n      address {\n        street\n        village\n        district\n        regency\n      }\n      family {\n        id\n        kkNumber\n        members {\n          id\n          nik\n          fullName\n          relationship\n          birthDate\n        }\n      }\n      healthInsurance {\n        id\n        cardNumber\n        status\n        statusDescription\n        active\n        careClass\n        primaryCareProvider {\n          name\n        }\n      }\n      employmentInsurance {\n        id\n        kpj\n        status\n        employer {\n          name\n        }\n        lastContributionMonth\n        oldAgeSavingsBalance\n      }\n      taxObjects {\n        id\n        nop\n        nopFormatted\n        location {\n          street\n          village\n        }\n        bills(unpaidOnly: true) {\n          id\n          year\n          amount\n          penalty\n          totalDue\n          dueDate\n        }\n        outstandingTotal\n      }\n      waterAccounts {\n        id\n        customerNumber\n        tariffName\n        unpaidPeriods {\n          period\n          usageM3\n          penalty\n          total\n        }\n        totalOutstanding\n      }\n    }\n  }\n": typeof types.CitizenViewDocument,
};
const documents: Documents = {
    "\n  mutation PayPropertyTax($input: PayPropertyTaxInput!) {\n    payPropertyTax(input: $input) {\n      paymentId\n      nop\n      officer\n      total\n      paidAt\n      cachePurged\n      lines {\n        year\n        principal\n        penalty\n        total\n        ntp\n        ntb\n        paidAt\n      }\n    }\n  }\n": types.PayPropertyTaxDocument,
    "\n  query TaxObjectBills($nop: String!) {\n    taxObject(nop: $nop) {\n      id\n      bills(unpaidOnly: true) {\n        id\n        year\n        amount\n        penalty\n        totalDue\n        dueDate\n      }\n      outstandingTotal\n    }\n  }\n": types.TaxObjectBillsDocument,
    "\n  query CitizenView($nik: String!) {\n    citizen(nik: $nik) {\n      id\n      nik\n      fullName\n      birthPlace\n      birthDate\n      address {\n        street\n        village\n        district\n        regency\n      }\n      family {\n        id\n        kkNumber\n        members {\n          id\n          nik\n          fullName\n          relationship\n          birthDate\n        }\n      }\n      healthInsurance {\n        id\n        cardNumber\n        status\n        statusDescription\n        active\n        careClass\n        primaryCareProvider {\n          name\n        }\n      }\n      employmentInsurance {\n        id\n        kpj\n        status\n        employer {\n          name\n        }\n        lastContributionMonth\n        oldAgeSavingsBalance\n      }\n      taxObjects {\n        id\n        nop\n        nopFormatted\n        location {\n          street\n          village\n        }\n        bills(unpaidOnly: true) {\n          id\n          year\n          amount\n          penalty\n          totalDue\n          dueDate\n        }\n        outstandingTotal\n      }\n      waterAccounts {\n        id\n        customerNumber\n        tariffName\n        unpaidPeriods {\n          period\n          usageM3\n          penalty\n          total\n        }\n        totalOutstanding\n      }\n    }\n  }\n": types.CitizenViewDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PayPropertyTax($input: PayPropertyTaxInput!) {\n    payPropertyTax(input: $input) {\n      paymentId\n      nop\n      officer\n      total\n      paidAt\n      cachePurged\n      lines {\n        year\n        principal\n        penalty\n        total\n        ntp\n        ntb\n        paidAt\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation PayPropertyTax($input: PayPropertyTaxInput!) {\n    payPropertyTax(input: $input) {\n      paymentId\n      nop\n      officer\n      total\n      paidAt\n      cachePurged\n      lines {\n        year\n        principal\n        penalty\n        total\n        ntp\n        ntb\n        paidAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TaxObjectBills($nop: String!) {\n    taxObject(nop: $nop) {\n      id\n      bills(unpaidOnly: true) {\n        id\n        year\n        amount\n        penalty\n        totalDue\n        dueDate\n      }\n      outstandingTotal\n    }\n  }\n"): (typeof documents)["\n  query TaxObjectBills($nop: String!) {\n    taxObject(nop: $nop) {\n      id\n      bills(unpaidOnly: true) {\n        id\n        year\n        amount\n        penalty\n        totalDue\n        dueDate\n      }\n      outstandingTotal\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CitizenView($nik: String!) {\n    citizen(nik: $nik) {\n      id\n      nik\n      fullName\n      birthPlace\n      birthDate\n      address {\n        street\n        village\n        district\n        regency\n      }\n      family {\n        id\n        kkNumber\n        members {\n          id\n          nik\n          fullName\n          relationship\n          birthDate\n        }\n      }\n      healthInsurance {\n        id\n        cardNumber\n        status\n        statusDescription\n        active\n        careClass\n        primaryCareProvider {\n          name\n        }\n      }\n      employmentInsurance {\n        id\n        kpj\n        status\n        employer {\n          name\n        }\n        lastContributionMonth\n        oldAgeSavingsBalance\n      }\n      taxObjects {\n        id\n        nop\n        nopFormatted\n        location {\n          street\n          village\n        }\n        bills(unpaidOnly: true) {\n          id\n          year\n          amount\n          penalty\n          totalDue\n          dueDate\n        }\n        outstandingTotal\n      }\n      waterAccounts {\n        id\n        customerNumber\n        tariffName\n        unpaidPeriods {\n          period\n          usageM3\n          penalty\n          total\n        }\n        totalOutstanding\n      }\n    }\n  }\n"): (typeof documents)["\n  query CitizenView($nik: String!) {\n    citizen(nik: $nik) {\n      id\n      nik\n      fullName\n      birthPlace\n      birthDate\n      address {\n        street\n        village\n        district\n        regency\n      }\n      family {\n        id\n        kkNumber\n        members {\n          id\n          nik\n          fullName\n          relationship\n          birthDate\n        }\n      }\n      healthInsurance {\n        id\n        cardNumber\n        status\n        statusDescription\n        active\n        careClass\n        primaryCareProvider {\n          name\n        }\n      }\n      employmentInsurance {\n        id\n        kpj\n        status\n        employer {\n          name\n        }\n        lastContributionMonth\n        oldAgeSavingsBalance\n      }\n      taxObjects {\n        id\n        nop\n        nopFormatted\n        location {\n          street\n          village\n        }\n        bills(unpaidOnly: true) {\n          id\n          year\n          amount\n          penalty\n          totalDue\n          dueDate\n        }\n        outstandingTotal\n      }\n      waterAccounts {\n        id\n        customerNumber\n        tariffName\n        unpaidPeriods {\n          period\n          usageM3\n          penalty\n          total\n        }\n        totalOutstanding\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;