/** The unit fake answers a list endpoint of the tap's table it has no data for with an empty page (a stream being added). */
import { FakeShopApi, emptyListPage } from './fake-shop-api.js';

test('a table list endpoint without data in the fake: an empty last page under the table\'s items key', () => {
  expect(emptyListPage({ method: 'GET', path: '/finance/202309/withdrawals' })).toEqual({ withdrawals: [], total_count: 0, next_page_token: '' });
  expect(emptyListPage({ method: 'POST', path: '/return_refund/202602/cancellations/search' })).toEqual({ cancellations: [], total_count: 0, next_page_token: '' });
});

test('per-parent GETs and paths outside the table are not lists: the fake still refuses them', async () => {
  expect(emptyListPage({ method: 'GET', path: '/order/202407/orders/1/price_detail' })).toBeUndefined();
  expect(emptyListPage({ method: 'POST', path: '/finance/202309/withdrawals' })).toBeUndefined();
  const api = new FakeShopApi(1, 1);
  await expect(api.request({ method: 'GET', path: '/nowhere/202309/things', shop: api.shops[0]! })).rejects.toThrow('no route for GET /nowhere/202309/things');
});
