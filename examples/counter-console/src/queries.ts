import { graphql } from './gql';

/** Everything a counter needs about one citizen, one section per agency. */
export const CitizenView = graphql(`
  query CitizenView($nik: String!) {
    citizen(nik: $nik) {
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
        kkNumber
        members {
          nik
          fullName
          relationship
          birthDate
        }
      }
      healthInsurance {
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
        kpj
        status
        employer {
          name
        }
        lastContributionMonth
        oldAgeSavingsBalance
      }
      taxObjects {
        nop
        nopFormatted
        location {
          street
          village
        }
        bills(unpaidOnly: true) {
          year
          amount
          penalty
          totalDue
          dueDate
        }
        outstandingTotal
      }
      waterAccounts {
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
