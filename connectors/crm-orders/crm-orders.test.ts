import { useDatabase } from '../../test/support/useDatabase';
import { counts, fixture, ingestFixtures, loadHr, rejectionsOf } from '../../test/ingest/support';
import { describeConformance } from '../conformance';
import { crmOrders } from '.';

describeConformance(crmOrders, ['orders.csv', 'orders-update.csv'].map((f) => fixture('crm-orders', f)));

const db = useDatabase('crmorders');

describe('crm-orders', () => {
  beforeAll(() => loadHr(db.ds));

  it('writes orders and products; resolves crm_user_id at the order date; rejects dirty rows', async () => {
    const s = await ingestFixtures(db.ds, 'crm-orders', ['orders.csv']);
    expect(counts(s)).toEqual({ read: 8, inserted: 3, updated: 0, unchanged: 0, duplicates: 1, rejected: 4 });
    expect(await rejectionsOf(db.ds, s.runId)).toEqual({
      4: ['unknown_agent'], // crm-3 belongs to e3, who left on 2026-02-20
      5: ['unknown_agent'], // crm-9: nobody
      6: ['invalid_value', 'invalid_value', 'invalid_value', 'out_of_range'], // price abc, renewal, shipped; quantity -1
      9: ['invalid_timestamp', 'missing_field'], // not-a-date; product name without sku
    });
    expect(
      await db.ds.query(
        `SELECT order_id, crm_user_id, employee_id, contact_id, sku, quantity::text, unit_price::text, currency, ordered_at, order_type, status
           FROM sales_order ORDER BY order_id`,
      ),
    ).toEqual([
      { order_id: 'o-1', crm_user_id: 'crm-1', employee_id: 'e1', contact_id: 'c-1', sku: 'SKU-1', quantity: '1', unit_price: '29.99', currency: 'USD', ordered_at: new Date('2026-01-05T14:10:00Z'), order_type: 'new', status: 'booked' },
      { order_id: 'o-2', crm_user_id: 'crm-2', employee_id: 'e2', contact_id: null, sku: 'SKU-2', quantity: '2', unit_price: '15', currency: 'USD', ordered_at: new Date('2026-01-06T09:30:00Z'), order_type: 'upsell', status: 'booked' },
      { order_id: 'o-6', crm_user_id: 'crm-1', employee_id: 'e1', contact_id: null, sku: null, quantity: '1', unit_price: '5', currency: 'USD', ordered_at: new Date('2026-01-08T10:00:00Z'), order_type: 'new', status: 'booked' },
    ]);
    expect(await db.ds.query(`SELECT sku, name, category FROM product ORDER BY sku`)).toEqual([
      { sku: 'SKU-1', name: 'Fibre 500', category: 'Broadband' },
      { sku: 'SKU-2', name: 'Mobile, Unlimited', category: 'Mobile' },
    ]);
    const again = await ingestFixtures(db.ds, 'crm-orders', ['orders.csv']);
    expect(counts(again)).toEqual({ read: 8, inserted: 0, updated: 0, unchanged: 3, duplicates: 1, rejected: 4 });
  });

  it('a changed order is updated (last write wins); an equal number written differently is unchanged', async () => {
    const s = await ingestFixtures(db.ds, 'crm-orders', ['orders-update.csv']);
    expect(counts(s)).toEqual({ read: 2, inserted: 0, updated: 1, unchanged: 1, duplicates: 0, rejected: 0 });
    expect((await db.ds.query(`SELECT status FROM sales_order WHERE order_id = 'o-1'`))[0].status).toBe('cancelled');
    expect((await db.ds.query(`SELECT name FROM product WHERE sku = 'SKU-1'`))[0].name).toBe('Fibre 500 Pro');
  });
});
