import { graphql } from './gql';

/** Everything a counter needs about one citizen, one section per agency. */
export const CitizenView = graphql(`
  query CitizenView($nik: String!) {
    citizen(nik: $nik) {
      id
      nik
      fullName
      birthPlace
      birthDate
      address {
        street
        village
        district
        regency
      }
      family {
        id
        kkNumber
        members {
          id
          nik
          fullName
          relationship
          birthDate
        }
      }
      healthInsurance {
        id
        cardNumber
        status
        statusDescription
        active
        careClass
        primaryCareProvider {
          name
        }
      }
      employmentInsurance {
        id
        kpj
        status
        employer {
          name
        }
        lastContributionMonth
        oldAgeSavingsBalance
      }
      taxObjects {
        id
        nop
        nopFormatted
        location {
          street
          village
        }
        bills(unpaidOnly: true) {
          id
          year
          amount
          penalty
          totalDue
          dueDate
        }
        outstandingTotal
      }
      waterAccounts {
        id
        customerNumber
        tariffName
        unpaidPeriods {
          period
          usageM3
          penalty
          total
        }
        totalOutstanding
      }
    }
  }
`);
