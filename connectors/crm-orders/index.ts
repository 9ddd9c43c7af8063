import { csvConnector, SalesOrderRecord } from '../sdk';
import { cleanseOrder } from './cleanse';

export const COLUMNS = [
  'order_id', 'crm_user_id', 'contact_id', 'customer_id', 'sku', 'product_name', 'product_category',
  'quantity', 'unit_price', 'currency', 'ordered_at', 'order_type', 'status',
] as const;

/** CRM orders; products are upserted from sku, name and category. */
export const crmOrders = csvConnector<SalesOrderRecord>({
  name: 'crm-orders',
  description: 'CRM orders (products upserted from sku/name/category)',
  columns: COLUMNS,
  produces: 'sales_order',
  key: (r) => r.order_id,
  cleanse: (f) => cleanseOrder(f),
});
