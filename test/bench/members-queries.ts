/** What the members benchmark asks: the province's statistics, the cells' counts, a search. */
export const STATISTICS = /* GraphQL */ `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Organisation {
        memberStatistics {
          total
          official
          probationary
          women {
            count
          }
          ethnicMinorities {
            count
          }
          byEthnicity {
            code
            count
          }
          universityEducated {
            count
          }
          byPoliticalTheory {
            code
            count
          }
          byAgeBand {
            code
            count
          }
          youthUnion {
            count
          }
        }
      }
    }
  }
`;
export const COUNTS = /* GraphQL */ `
  query ($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Organisation {
        memberCounts {
          total
        }
      }
    }
  }
`;
export const SEARCH = /* GraphQL */ `
  query ($search: String!, $under: ID) {
    members(filter: { search: $search }, under: $under, first: 20) {
      nodes {
        id
        fullName
      }
    }
  }
`;

/** The same search asking for what a list of results shows, all held by the name index too. */
export const SEARCH_ROW = /* GraphQL */ `
  query ($search: String!, $under: ID) {
    members(filter: { search: $search }, under: $under, first: 20) {
      nodes {
        id
        fullName
        partyCardNumber
        status
        dateOfBirth
        organisation {
          id
        }
      }
    }
  }
`;

/** The same search asking for more than the name index holds: the page is read from the files too. */
export const SEARCH_WHOLE = /* GraphQL */ `
  query ($search: String!, $under: ID) {
    members(filter: { search: $search }, under: $under, first: 20) {
      nodes {
        id
        fullName
        partyCardNumber
        hometown
        occupation
      }
    }
  }
`;
