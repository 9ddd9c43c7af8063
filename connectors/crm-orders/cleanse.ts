import { FieldReader, isoInstant, Rejection, SalesOrderRecord } from '../sdk';

export const ORDER_TYPES = ['new', 'upsell', 'cross_sell'] as const;
export const ORDER_STATUSES = ['booked', 'cancelled'] as const;

export function cleanseOrder(f: FieldReader): SalesOrderRecord | Rejection {
  const orderId = f.text('order_id', { required: true });
  const crmUser = f.text('crm_user_id', { required: true });
  const contactId = f.text('contact_id');
  const customerId = f.text('customer_id');
  const sku = f.text('sku');
  const name = f.text('product_name');
  const category = f.text('product_category');
  const quantity = f.decimal('quantity', { required: true, min: 0 });
  const unitPrice = f.decimal('unit_price', { required: true, min: 0 });
  const currencyRaw = f.text('currency', { required: true });
  const currency = currencyRaw.toUpperCase();
  if (currencyRaw && !/^[A-Z]{3}$/.test(currency)) f.fail('invalid_value', 'currency', currencyRaw, 'must be a three-letter ISO 4217 code such as USD');
  const orderedAt = f.instant('ordered_at', { required: true });
  const type = f.oneOf('order_type', ORDER_TYPES, { required: true, caseInsensitive: 'lower' });
  const status = f.oneOf('status', ORDER_STATUSES, { required: true, caseInsensitive: 'lower' });
  if (sku === null && (name !== null || category !== null)) f.fail('missing_field', 'sku', null, 'is required when product_name or product_category is given');
  return f.result(() => ({
    kind: 'sales_order' as const,
    agent: { system: 'crm' as const, field: 'crm_user_id', ref: crmUser, at: orderedAt! },
    order_id: orderId,
    crm_user_id: crmUser,
    contact_id: contactId,
    customer_id: customerId,
    sku,
    product_name: name,
    product_category: category,
    quantity: quantity!,
    unit_price: unitPrice!,
    currency,
    ordered_at: isoInstant(orderedAt!),
    order_type: type!,
    status: status!,
  }));
}
