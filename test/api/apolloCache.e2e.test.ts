import { ApolloClient, gql, HttpLink, InMemoryCache, NormalizedCacheObject } from '@apollo/client/core';
import { useAccessApi } from '../access/fixture';
import { token } from '../support/server';

/**
 * Object identity must not lie to a normalizing client cache: a Team is a team
 * on a date, so `Team.id` is `<teamId>@<date>`. Driven through Apollo Client's
 * InMemoryCache against the started server. In the fixture, care-retention sits
 * under care until 2026-11-19 and under sales from 2026-11-20.
 */
const fx = useAccessApi('apollocache', { facts: false });
let client: ApolloClient<NormalizedCacheObject>;

beforeAll(async () => {
  const bearer = await token('admin');
  client = new ApolloClient({
    cache: new InMemoryCache(),
    link: new HttpLink({ uri: `${fx.api.base}/graphql`, fetch, headers: { authorization: `Bearer ${bearer}` } }),
  });
});
afterAll(() => client?.stop());

const TEAM = gql`
  query Team($asOf: Date) {
    team(id: "care-retention", asOf: $asOf) {
      id
      teamId
      parent {
        id
        teamId
      }
    }
  }
`;

describe('Apollo Client InMemoryCache', () => {
  it('keeps each org-chart version apart: care, then sales, then care again from the cache', async () => {
    const first = await client.query({ query: TEAM, variables: { asOf: '2026-10-01' } });
    expect(first.data.team.parent.teamId).toBe('care');
    const second = await client.query({ query: TEAM, variables: { asOf: '2026-11-20' } });
    expect(second.data.team.parent.teamId).toBe('sales');
    const again = await client.query({ query: TEAM, variables: { asOf: '2026-10-01' }, fetchPolicy: 'cache-first' });
    expect(again.data.team.parent.teamId).toBe('care'); // with Team.id = "care-retention" alone, the cache said sales

    expect(first.data.team).toMatchObject({ id: 'care-retention@2026-10-01', teamId: 'care-retention', parent: { id: 'care@2026-10-01' } });
    expect(second.data.team).toMatchObject({ id: 'care-retention@2026-11-20', parent: { id: 'sales@2026-11-20' } });
    expect(again.data.team).toEqual(first.data.team);

    const keys = Object.keys(client.cache.extract());
    expect(keys).toEqual(expect.arrayContaining(['Team:care-retention@2026-10-01', 'Team:care-retention@2026-11-20', 'Team:care@2026-10-01', 'Team:sales@2026-11-20']));
  });

  it("an employee's assignment is asked by date (default today), never inherited from how it was reached", async () => {
    const Q = gql`
      query Who($asOf: Date) {
        employee(id: "A2") {
          id
          now: assignment {
            id
            teamId
          }
          then: assignment(asOf: $asOf) {
            id
            teamId
          }
        }
      }
    `;
    const res = await client.query({ query: Q, variables: { asOf: '2026-10-01' } });
    expect(res.data.employee.now).toMatchObject({ id: 'A2@2026-11-10', teamId: 'sales-inbound' });
    expect(res.data.employee.then).toMatchObject({ id: 'A2@2026-01-01', teamId: 'care-general' });
  });
});
