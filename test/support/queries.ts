/**
 * A citizen with one field from every agency: the query the partial-failure and chaos tests
 * read degraded fields from.
 */
export const CITIZEN_ACROSS_AGENCIES = /* GraphQL */ `
  query View($nik: String!) {
    citizen(nik: $nik) {
      fullName
      healthInsurance {
        status
      }
      employmentInsurance {
        kpj
      }
      taxObjects {
        nop
      }
      waterAccounts {
        customerNumber
      }
    }
  }
`;
