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
